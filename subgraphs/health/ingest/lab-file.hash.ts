/** A lab file's identity: the sha256 of its bytes is its default idempotency key and its request hash. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of the file's bytes, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file batch is "the same delivery" when it is the same bytes. */
export function fileRequestHash(contentHash: string): string {
  return `file:${contentHash}`;
}
