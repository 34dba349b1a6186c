/**
 * Lab deliveries as CSV files (hundreds of MB): the same validator and the
 * same merge as the API, with the file streamed and never held whole.
 *
 *   header row: barcode,idNumber,sampledAt,tubeType,poolBarcode,result,resultAt,lab,site (any order)
 *
 * An import is: hash the file (the default idempotency key), stream it once
 * (validate each row, write rejected rows to the rejects file, COPY valid rows
 * into ingest_staging), record the batch as STAGED, then merge in chunks.
 * Crash safety: a run that dies while staging leaves no batch (its staged
 * rows are cleared by the next run); a run that dies after staging finds the
 * STAGED batch next time and only finishes the merge; a MERGED batch is
 * reported and left alone. Two imports of one key at the same moment take
 * turns (withKeyLock): the second finds the first one's batch.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../shared/db/database.js';
import { ingestBatches } from '../db.js';
import { findBatch, keyConflict, validIdempotencyKey, type IngestBatchRow } from './ingest.commands.js';
import { MAX_STORED_REJECTIONS, mergeBatch, outcomeOf, type RowRejection } from './ingest.merge.js';
import { STAGING_COLUMNS, STAGING_TABLE, stagingCsvLine } from './ingest.staging.js';
import { LAB_ROW_FIELDS, validateLabRow, type LabRowField, type RawLabRow, type RowProblem } from './lab-row.js';

export interface LabFileOptions {
  /** Idempotency key; default: the sha256 of the file's content, so re-importing a file changes nothing. */
  key?: string;
  /** Where to write rejected rows (CSV: line, field, message, original); none when absent. */
  rejectsFile?: string;
  /** The clock rows are checked against (tests). */
  now?: Date;
  /** Progress lines (the CLI prints them on stderr). */
  onProgress?: (message: string) => void;
  /** Row indexes merged per transaction. */
  mergeChunkRows?: number;
}

export interface LabFilePass {
  key: string;
  /** Data rows read (the header excluded). */
  rows: number;
  /** Rows that failed validation (each with one or more problems). */
  rejectedRows: number;
  /** Rows staged for the merge. */
  stagedRows: number;
  /** Indexes of the rows that failed validation. */
  rejectedIndexes: Set<number>;
}

export interface LabFileImport {
  key: string;
  /** imported: staged and merged now; resumed: an interrupted import's STAGED batch merged now; already-imported: nothing to do. */
  status: 'imported' | 'resumed' | 'already-imported';
  /** Data rows read in this run (0 when already imported). */
  rows: number;
  /** The batch's rows stored in samples, and of those the unmatched ones. */
  accepted: number;
  unmatched: number;
  /** Rows rejected in this run (validation and merge); for an already imported file, the stored problems' rows. */
  rejectedRows: number;
  seconds: number;
}

/** Header names are matched without regard to case, spaces, '_' or '-'. */
const COLUMN_NAMES = new Map<string, LabRowField>(LAB_ROW_FIELDS.map((field) => [field.toLowerCase(), field]));
const COPY_CHUNK_CHARS = 256 * 1024;
const PROGRESS_EVERY_MS = 1_000;

/** Imports a lab file: stage (unless an interrupted run already did) and merge. */
export async function importLabFile(database: Database, file: string, options: LabFileOptions = {}): Promise<LabFileImport> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const contentHash = await hashFile(file);
  const key = validIdempotencyKey(options.key ?? contentHash);
  const alreadyImported = (batch: IngestBatchRow): LabFileImport => {
    const outcome = outcomeOf(batch);
    options.onProgress?.(`${file} was already imported (key ${key}); nothing to do`);
    const rejectedRows = new Set(outcome.rejected.map((r) => r.index)).size;
    return { key, status: 'already-imported', rows: 0, accepted: outcome.accepted, unmatched: outcome.unmatched, rejectedRows, seconds: seconds() };
  };
  const check = (batch: IngestBatchRow | null) => {
    if (batch && batch.requestHash !== fileRequestHash(contentHash)) throw keyConflict(key);
    return batch;
  };

  const found = check(await findBatch(database.db, key));
  if (found?.status === 'MERGED') return alreadyImported(found);

  const rejects = options.rejectsFile ? await RejectsWriter.open(options.rejectsFile) : null;
  try {
    let pass = found ? null : await stageUnlessRecorded(database, file, { ...options, key, contentHash, rejects });
    const resumed = pass === null;
    if (resumed) {
      // A STAGED batch: an earlier run died before its merge finished (or a concurrent run staged it just now).
      // Its rows are staged; read the file again only to write the rejects file.
      const batch = check(await findBatch(database.db, key))!;
      if (batch.status === 'MERGED') return alreadyImported(batch);
      pass = await scanLabFile(file, { ...options, key, stage: null, rejects });
    }
    const staged = pass!;

    const mergeStarted = Date.now();
    const merge = await mergeBatch(database.db, key, {
      chunkRows: options.mergeChunkRows,
      onProgress: (merged) => options.onProgress?.(`merged ${count(merged)} of ${count(staged.stagedRows)} rows (${rate(merged, mergeStarted)} rows/s)`),
    });

    // Rows refused by the merge (barcode of another identity number): this run's, and any an interrupted run stored.
    const mergeProblems = new Map<number, RowProblem[]>();
    for (const rejection of [...merge.outcome.rejected.filter((r) => !staged.rejectedIndexes.has(r.index)), ...merge.mergeRejections]) {
      const list = mergeProblems.get(rejection.index) ?? [];
      if (!list.some((p) => p.message === rejection.message && p.field === rejection.field)) list.push({ field: rejection.field as LabRowField, message: rejection.message });
      mergeProblems.set(rejection.index, list);
    }
    if (rejects && mergeProblems.size > 0) {
      for await (const batch of readLabRecords(file)) {
        for (const record of batch) {
          const problems = mergeProblems.get(record.index);
          if (problems) await rejects.write(record.line, problems, record.original);
        }
      }
    }
    const rejectedRows = staged.rejectedRows + mergeProblems.size;
    options.onProgress?.(
      `${resumed ? 'resumed' : 'imported'} ${count(staged.rows)} rows in ${seconds().toFixed(1)} s: ${count(merge.outcome.accepted)} accepted ` +
        `(${count(merge.outcome.unmatched)} unmatched), ${count(rejectedRows)} rejected`,
    );
    return {
      key,
      status: resumed ? 'resumed' : 'imported',
      rows: staged.rows,
      accepted: merge.outcome.accepted,
      unmatched: merge.outcome.unmatched,
      rejectedRows,
      seconds: seconds(),
    };
  } finally {
    await rejects?.close();
  }
}

/**
 * The staging step alone: validates the file, COPYs its valid rows into
 * ingest_staging and records the batch as STAGED (not merged). importLabFile
 * does this first; tests call it to stand for a run that died before merging.
 */
export async function stageLabFile(
  database: Database,
  file: string,
  options: LabFileOptions & { contentHash?: string; rejects?: RejectsWriter | null } = {},
): Promise<LabFilePass> {
  const contentHash = options.contentHash ?? (await hashFile(file));
  const key = validIdempotencyKey(options.key ?? contentHash);
  const ownRejects = options.rejects === undefined && options.rejectsFile ? await RejectsWriter.open(options.rejectsFile) : null;
  try {
    const pass = await stageUnlessRecorded(database, file, { ...options, key, contentHash, rejects: options.rejects ?? ownRejects });
    if (!pass) throw new Error(`A batch with idempotency key "${key}" exists already: import the file instead of staging it.`);
    return pass;
  } finally {
    await ownRejects?.close();
  }
}

/** Stages the file under the key's lock; null when a batch with the key is recorded already (nothing staged). */
async function stageUnlessRecorded(
  database: Database,
  file: string,
  options: LabFileOptions & { key: string; contentHash: string; rejects: RejectsWriter | null },
): Promise<LabFilePass | null> {
  const { key } = options;
  return withKeyLock(database, key, async (locked) => {
    if (await findBatch(locked, key)) return null;
    // Rows a run that died while staging left behind (it recorded no batch; nobody else stages this key now).
    await database.db.execute(sql`delete from health.ingest_staging where idempotency_key = ${key}`);
    try {
      const stored: RowRejection[] = [];
      const pass = await scanLabFile(file, {
        ...options,
        stage: (csv) => database.copyCsv(STAGING_TABLE, STAGING_COLUMNS, csv),
        onRejected: (index, problems) => {
          for (const problem of problems) if (stored.length < MAX_STORED_REJECTIONS) stored.push({ index, ...problem });
        },
      });
      // Fresh statistics for the merge's queries (a big file can be most of the table).
      if (pass.stagedRows > 10_000) await database.db.execute(sql`analyze health.ingest_staging`);
      await locked.insert(ingestBatches).values({
        idempotencyKey: key,
        requestHash: fileRequestHash(options.contentHash),
        source: `file:${path.basename(file)}`,
        status: 'STAGED',
        rejected: stored,
      });
      return pass;
    } catch (error) {
      // Whatever was copied before the failure is useless without its batch.
      await database.db.execute(sql`delete from health.ingest_staging where idempotency_key = ${key}`).catch(() => {});
      throw error;
    }
  });
}

const keysStagingHere = new Map<string, Promise<void>>();

/**
 * Runs `run` while no other import stages the same key, so two imports of one
 * file cannot mix (or clear) each other's staged rows. PostgreSQL: an advisory
 * lock held by a transaction left open while COPY runs on another pooled
 * connection; the batch row is inserted in that transaction, so it appears
 * exactly when the lock is released. PGlite is one connection in one process
 * (an open transaction would block the COPY): a lock in this process does.
 */
async function withKeyLock<T>(database: Database, key: string, run: (locked: Executor) => Promise<T>): Promise<T> {
  if (database.kind === 'postgres') {
    return database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`health.ingest_batches:${key}`}))`);
      return run(tx);
    });
  }
  const previous = keysStagingHere.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  keysStagingHere.set(key, tail);
  await previous;
  try {
    return await run(database.db);
  } finally {
    release();
    if (keysStagingHere.get(key) === tail) keysStagingHere.delete(key);
  }
}

/** Reads the file once: validates every row, reports rejected ones, and hands valid ones to `stage` as COPY text (if given). */
async function scanLabFile(
  file: string,
  options: LabFileOptions & {
    key: string;
    stage: ((csv: AsyncIterable<string>) => Promise<void>) | null;
    rejects?: RejectsWriter | null;
    onRejected?: (index: number, problems: RowProblem[]) => void;
  },
): Promise<LabFilePass> {
  const now = options.now ?? new Date();
  const pass: LabFilePass = { key: options.key, rows: 0, rejectedRows: 0, stagedRows: 0, rejectedIndexes: new Set() };
  const started = Date.now();
  let lastReport = started;
  let failure: unknown = null;

  async function* rowsToStage(): AsyncGenerator<string> {
    let chunk = '';
    try {
      for await (const batch of readLabRecords(file)) {
        for (const record of batch) {
          const check = record.problems ? { ok: false as const, problems: record.problems } : validateLabRow(record.raw, now);
          if (check.ok) {
            pass.stagedRows++;
            if (options.stage) chunk += stagingCsvLine(options.key, record.index, check.row);
          } else {
            pass.rejectedRows++;
            pass.rejectedIndexes.add(record.index);
            options.onRejected?.(record.index, check.problems);
            await options.rejects?.write(record.line, check.problems, record.original);
          }
        }
        pass.rows += batch.length;
        if (chunk.length >= COPY_CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
        if (options.onProgress && Date.now() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = Date.now();
          options.onProgress(`read ${count(pass.rows)} rows (${rate(pass.rows, started)} rows/s), ${count(pass.rejectedRows)} rejected`);
        }
      }
    } catch (error) {
      // End the COPY cleanly (a COPY left open would hold its connection); the caller throws after it.
      failure = error;
    }
    if (chunk) yield chunk;
  }

  if (options.stage) await options.stage(rowsToStage());
  else for await (const chunk of rowsToStage()) void chunk;
  if (failure) throw failure;
  options.onProgress?.(`read ${count(pass.rows)} rows in ${((Date.now() - started) / 1000).toFixed(1)} s (${rate(pass.rows, started)} rows/s), ${count(pass.rejectedRows)} rejected`);
  return pass;
}

interface LabRecord {
  /** Data-row number from 0 (the header is not a row). */
  index: number;
  /** Line of the file where the record starts. */
  line: number;
  raw: RawLabRow;
  /** Problems found before validation (a record with the wrong number of fields). */
  problems: RowProblem[] | null;
  /** The record as written in the file. */
  original: string;
}

const RECORD_BATCH = 1_000;

/**
 * Streams a lab file's records, a batch at a time (a promise per record would
 * cost more than the parsing), with the line each starts on; the header
 * decides which column is which field. Empty lines are skipped.
 */
export async function* readLabRecords(file: string): AsyncGenerator<LabRecord[]> {
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  // raw (the record's text, delimiter included) lets us count lines ourselves: csv-parse's `info` would double the parsing time.
  const parser = input.pipe(parse({ bom: true, raw: true, relax_quotes: true, relax_column_count: true }));
  input.on('error', (error) => parser.destroy(error)); // pipe() does not pass a read error on
  let columns: LabRowField[] | null = null;
  let index = 0;
  let lines = 0;
  let batch: LabRecord[] = [];
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const line = lines + 1;
      lines += lineBreaks(raw);
      if (record.length === 1 && record[0] === '') continue; // an empty line
      if (!columns) {
        columns = headerColumns(record);
        continue;
      }
      const original = raw.replace(/[\r\n]+$/, '');
      if (record.length !== columns.length) {
        const problems: RowProblem[] = [{ field: 'row', message: `This row has ${record.length} fields; the header has ${columns.length}.` }];
        batch.push({ index: index++, line, raw: {}, problems, original });
      } else {
        const row: Partial<Record<LabRowField, string | null>> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]!] = record[i] === '' ? null : record[i]!;
        batch.push({ index: index++, line, raw: row, problems: null, original });
      }
      if (batch.length >= RECORD_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } finally {
    input.destroy();
  }
  if (batch.length > 0) yield batch;
  if (!columns) throw new Error(`${file} is empty: a lab file starts with a header row (${LAB_ROW_FIELDS.join(',')}).`);
}

/**
 * Line breaks in a record's raw text. csv-parse keeps only the first character
 * of a record delimiter in `raw` (a CRLF file's records end in a lone \r),
 * while a break inside a quoted field is kept whole: count \n, and \r not
 * followed by \n.
 */
function lineBreaks(raw: string): number {
  let breaks = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10 || (c === 13 && raw.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}

function headerColumns(header: string[]): LabRowField[] {
  const columns = header.map((name) => COLUMN_NAMES.get(name.trim().replace(/[\s_-]/g, '').toLowerCase()));
  const unknown = header.filter((_, i) => columns[i] === undefined);
  const missing = LAB_ROW_FIELDS.filter((field) => !columns.includes(field));
  const repeated = LAB_ROW_FIELDS.filter((field) => columns.filter((c) => c === field).length > 1);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const problems = [
      unknown.length > 0 ? `unknown column(s) ${unknown.map((name) => `"${name}"`).join(', ')}` : '',
      missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
      repeated.length > 0 ? `repeated column(s) ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    throw new Error(`The header row does not fit: ${problems.join('; ')}. Expected the columns ${LAB_ROW_FIELDS.join(',')} (any order).`);
  }
  return columns as LabRowField[];
}

/** sha256 of the file's bytes, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file batch is "the same delivery" when it is the same bytes. */
function fileRequestHash(contentHash: string): string {
  return `file:${contentHash}`;
}

/** The rejects file: one line per problem (line, field, message, original record). */
export class RejectsWriter {
  private constructor(private readonly stream: WriteStream) {}

  static async open(file: string): Promise<RejectsWriter> {
    const stream = createWriteStream(file);
    await once(stream, 'open');
    const writer = new RejectsWriter(stream);
    await writer.put('line,field,message,original\n');
    return writer;
  }

  async write(line: number, problems: readonly RowProblem[], original: string): Promise<void> {
    let text = '';
    for (const problem of problems) text += `${line},${problem.field},${csvField(problem.message)},${csvField(original)}\n`;
    await this.put(text);
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }

  private async put(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function rate(n: number, since: number): string {
  return count(Math.round(n / Math.max(0.001, (Date.now() - since) / 1000)));
}
