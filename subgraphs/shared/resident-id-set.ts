/**
 * A set of resident IDs as one compact string, for a subgraph answering
 * another "which residents match" (a search criterion that lives in another
 * subgraph's columns): ascending IDs as LEB128 varint gaps, base64url. A
 * district's 1.27 million residents fit in about 2 MB of text; a typical set
 * (the RED codes of a town) in a few bytes per member.
 */

/** Encodes IDs (any order, duplicates ignored). */
export function encodeResidentIds(ids: Iterable<number>): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const bytes: number[] = [];
  let previous = 0;
  for (const id of sorted) {
    let gap = id - previous;
    previous = id;
    while (gap >= 0x80) {
      bytes.push((gap % 0x80) | 0x80);
      gap = Math.floor(gap / 0x80);
    }
    bytes.push(gap);
  }
  return Buffer.from(bytes).toString('base64url');
}

/** The ascending IDs of a string made by encodeResidentIds. */
export function decodeResidentIds(encoded: string): number[] {
  const bytes = Buffer.from(encoded, 'base64url');
  const ids: number[] = [];
  let [previous, gap, scale] = [0, 0, 1];
  for (const byte of bytes) {
    gap += (byte & 0x7f) * scale;
    if (byte & 0x80) {
      scale *= 0x80;
      continue;
    }
    previous += gap;
    ids.push(previous);
    [gap, scale] = [0, 1];
  }
  return ids;
}
