/**
 * Lab files over HTTP: `POST /lab-files` (a route of the HTTP front, which has
 * authenticated the caller and applied its rate limit), for LAB_PARTNER and
 * DISTRICT_ADMIN credentials.
 *
 *   Content-Type: text/csv (else 415); body: the lab file (at most 200 MB, else 413)
 *   Idempotency-Key: optional; default the sha256 of the file, as `npm run import:lab`
 *   → 202 {"id", "idempotencyKey", "status"}; 409 when the key was used for another file
 *
 * The body is streamed to a temporary file (hashed on the way) and imported
 * by the very importer `npm run import:lab` runs (lab-file.ts: same
 * validation, staging, merge, key semantics, crash recovery); a lab partner's
 * key and samples are its own (ingest.commands batchKey, the merge). Imports
 * run one at a time in the background; `labImport(id)` reports progress
 * (from this process) and the outcome (from the batch, in the database).
 * The id names the stored batch key, so uploading the same file again gives
 * the same id, and finishes an import a crash interrupted.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GraphQLError } from 'graphql';
import type { Database } from '../../shared/db/database.js';
import type { RouteHandler } from '../../shared/http/server.js';
import type { Viewer } from '../../shared/viewer.js';
import { batchKey, findBatch, keyConflict, labKeyPrefix, senderKey, type IngestBatchRow } from './ingest.commands.js';
import { outcomeOf, type RowRejection } from './ingest.merge.js';
import { fileRequestHash } from './lab-file.hash.js';
import { importLabFile, type LabFileImport } from './lab-file.js';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Problems listed by labImport (the batch keeps up to 50,000; the count is always complete). */
export const MAX_LISTED_REJECTIONS = 1_000;
/** Finished runs remembered in memory (the database keeps every outcome; only a FAILED run's message is lost after). */
const MAX_FINISHED_RUNS = 1_000;

export type LabImportStatus = 'QUEUED' | 'VALIDATING' | 'MERGING' | 'DONE' | 'FAILED' | 'STAGED';

/** What labImport answers. */
export interface LabImportView {
  id: string;
  idempotencyKey: string;
  status: LabImportStatus;
  rowsRead: number | null;
  rowsMerged: number | null;
  accepted: number;
  unmatched: number;
  rejectedRows: number;
  rejected: RowRejection[];
  error: string | null;
  receivedAt: Date;
  finishedAt: Date | null;
}

interface Run {
  id: string;
  storedKey: string;
  status: LabImportStatus;
  rowsRead: number;
  rowsMerged: number;
  result: LabFileImport | null;
  error: string | null;
  receivedAt: Date;
  finishedAt: Date | null;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The lab-file uploads of one process: the route, the background imports and their progress. */
export class LabUploads {
  private readonly runs = new Map<string, Run>();
  private queue: Promise<void> = Promise.resolve();
  private readonly maxBytes: number;

  constructor(
    private readonly database: Database,
    options: { maxBytes?: number } = {},
  ) {
    this.maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  }

  readonly route: RouteHandler = async (request, response, viewer) => {
    try {
      const accepted = await this.receive(request, viewer);
      reply(response, 202, accepted);
    } catch (error) {
      if (error instanceof HttpProblem) {
        // The rest of an unread body is drained; an oversized one ends with the connection.
        if (!request.complete) request.resume();
        reply(response, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] }, error.status === 413);
        return;
      }
      if (error instanceof GraphQLError) {
        if (!request.complete) request.resume();
        const code = String(error.extensions.code ?? 'BAD_REQUEST');
        reply(response, code === 'CONFLICT' ? 409 : 400, { errors: [{ message: error.message, extensions: error.extensions }] });
        return;
      }
      throw error;
    }
  };

  /** The import `id` as `viewer` may see it: a lab partner only its own; null when unknown (or not its own). */
  async view(id: string, viewer: Viewer): Promise<LabImportView | null> {
    const storedKey = keyOfId(id);
    if (storedKey === null) return null;
    if (viewer.role === 'LAB_PARTNER' ? !storedKey.startsWith(labKeyPrefix(viewer.id)) : viewer.role !== 'DISTRICT_ADMIN') return null;
    const run = this.runs.get(id);
    const batch = await findBatch(this.database.db, storedKey);
    if (!run && !batch) return null;
    const outcome = batch ? outcomeOf(batch) : { accepted: 0, unmatched: 0, rejected: [] };
    const storedRejectedRows = new Set(outcome.rejected.map((r) => r.index)).size;
    return {
      id,
      idempotencyKey: senderKey(storedKey),
      status: run?.status ?? statusOfBatch(batch!),
      rowsRead: run ? run.result?.rows || run.rowsRead : null,
      rowsMerged: run ? run.rowsMerged : null,
      accepted: outcome.accepted,
      unmatched: outcome.unmatched,
      rejectedRows: run?.result && run.result.status !== 'already-imported' ? run.result.rejectedRows : storedRejectedRows,
      rejected: outcome.rejected.slice(0, MAX_LISTED_REJECTIONS),
      error: run?.error ?? null,
      receivedAt: run?.receivedAt ?? batch!.receivedAt,
      finishedAt: run ? run.finishedAt : batch!.mergedAt,
    };
  }

  /** Resolves when every queued import has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async receive(request: IncomingMessage, viewer: Viewer): Promise<{ id: string; idempotencyKey: string; status: LabImportStatus }> {
    if (viewer.role !== 'LAB_PARTNER' && viewer.role !== 'DISTRICT_ADMIN') {
      throw new HttpProblem(403, 'FORBIDDEN', `The ${viewer.role} role may not upload lab files (LAB_PARTNER and DISTRICT_ADMIN may).`);
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'text/csv') throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the lab file as Content-Type: text/csv (got ${type || 'none'}).`);
    if (Number(request.headers['content-length']) > this.maxBytes) throw this.tooLarge();
    const lab = viewer.role === 'LAB_PARTNER' ? viewer.id : null;
    const header = request.headers['idempotency-key'];
    const given = Array.isArray(header) ? header[0] : header;
    if (given !== undefined) batchKey(given, lab); // a bad key is refused before the body is read

    const folder = await mkdtemp(path.join(tmpdir(), 'lab-upload-'));
    const file = path.join(folder, 'upload.csv');
    let handedOver = false;
    try {
      const contentHash = await this.saveBody(request, file);
      const key = given ?? contentHash;
      const storedKey = batchKey(key, lab);
      const id = idOfKey(storedKey);
      const running = this.runs.get(id);
      if (running && !running.finishedAt) return { id, idempotencyKey: key, status: running.status };
      const batch = await findBatch(this.database.db, storedKey);
      if (batch && batch.requestHash !== fileRequestHash(contentHash)) throw keyConflict(key);
      const run = this.remember({ id, storedKey, status: 'QUEUED', rowsRead: 0, rowsMerged: 0, result: null, error: null, receivedAt: new Date(), finishedAt: null });
      handedOver = true;
      this.queue = this.queue.then(() => this.run(run, file, key, lab).finally(() => rm(folder, { recursive: true, force: true })));
      return { id, idempotencyKey: key, status: run.status };
    } finally {
      if (!handedOver) await rm(folder, { recursive: true, force: true });
    }
  }

  /** Streams the body into `file`; its sha256. */
  private async saveBody(request: IncomingMessage, file: string): Promise<string> {
    const hash = createHash('sha256');
    let size = 0;
    const maxBytes = this.maxBytes;
    const tooLarge = this.tooLarge();
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(tooLarge);
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(request, meter, createWriteStream(file));
    return hash.digest('hex');
  }

  private tooLarge(): HttpProblem {
    return new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `A lab file is at most ${Math.round(this.maxBytes / 1024 / 1024)} MB: split it.`);
  }

  private async run(run: Run, file: string, key: string, lab: string | null): Promise<void> {
    run.status = 'VALIDATING';
    try {
      run.result = await importLabFile(this.database, file, {
        key,
        lab,
        onRows: (phase, rows) => {
          if (phase === 'reading') run.rowsRead = rows;
          else {
            run.status = 'MERGING';
            run.rowsMerged = rows;
          }
        },
      });
      run.status = 'DONE';
    } catch (error) {
      run.status = 'FAILED';
      run.error = error instanceof GraphQLError ? error.message : 'The import failed; upload the same file again to finish it.';
      if (!(error instanceof GraphQLError)) console.error('Lab file upload failed', run.id, error);
    } finally {
      run.finishedAt = new Date();
    }
  }

  private remember(run: Run): Run {
    this.runs.delete(run.id);
    this.runs.set(run.id, run);
    if (this.runs.size > MAX_FINISHED_RUNS) {
      for (const [id, old] of this.runs) {
        if (this.runs.size <= MAX_FINISHED_RUNS) break;
        if (old.finishedAt) this.runs.delete(id);
      }
    }
    return run;
  }
}

function statusOfBatch(batch: IngestBatchRow): LabImportStatus {
  return batch.status === 'MERGED' ? 'DONE' : 'STAGED';
}

/** An import id names its batch's stored key (base64url), so the same file gives the same id. */
function idOfKey(storedKey: string): string {
  return Buffer.from(storedKey, 'utf8').toString('base64url');
}

function keyOfId(id: string): string | null {
  if (id.length > 2_000 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const key = Buffer.from(id, 'base64url').toString('utf8');
  return idOfKey(key) === id ? key : null;
}

function reply(response: ServerResponse, status: number, body: unknown, close = false): void {
  response.writeHead(status, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) }).end(JSON.stringify(body));
}

