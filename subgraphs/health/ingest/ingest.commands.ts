/**
 * Lab deliveries through the API: validate every row, stage the valid ones
 * with the batch (one transaction), then the shared merge. The idempotency
 * key makes a re-send harmless: the stored outcome is answered and nothing
 * changes; the same key with other rows is refused.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import type { Db } from '../../shared/db/database.js';
import { badUserInput } from '../../shared/errors.js';
import { ingestBatches } from '../db.js';
import { mergeBatch, outcomeOf, type BatchOutcome, type RowRejection } from './ingest.merge.js';
import { insertStagedRows, type IndexedLabRow } from './ingest.staging.js';
import { canonicalLabRow, validateLabRow, type RawLabRow } from './lab-row.js';

export const MAX_ROWS_PER_CALL = 5_000;
export const MAX_KEY_LENGTH = 200;

export type IngestBatchRow = typeof ingestBatches.$inferSelect;

/** Checks an idempotency key (API argument or the file import's --key). */
export function validIdempotencyKey(key: string): string {
  if (key.length < 1 || key.length > MAX_KEY_LENGTH || key.trim() === '') {
    throw badUserInput('idempotencyKey', `An idempotencyKey is 1 to ${MAX_KEY_LENGTH} characters, not only spaces: one per delivery, the same when re-sending it.`);
  }
  return key;
}

/** Stored keys of lab partners' deliveries start with this; the district's own keys may not. */
export const LAB_KEY_PREFIX = 'lab:';

/**
 * The key a delivery is stored under. A lab partner's keys are its own: stored as `lab:<sub, URI-encoded>:<key>`
 * (the encoding escapes ':', so two labs' keys never meet); the district's deliveries (administrators,
 * `npm run import:lab`) keep the key as given, which therefore may not start with `lab:`.
 */
export function batchKey(key: string, lab: string | null): string {
  validIdempotencyKey(key);
  if (lab !== null) return `${labKeyPrefix(lab)}${key}`;
  if (key.startsWith(LAB_KEY_PREFIX)) throw badUserInput('idempotencyKey', `Keys starting with "${LAB_KEY_PREFIX}" are reserved for lab partners' deliveries: choose another key.`);
  return key;
}

/** How every stored key of this lab partner's deliveries starts. */
export function labKeyPrefix(lab: string): string {
  return `${LAB_KEY_PREFIX}${encodeURIComponent(lab)}:`;
}

/** The key as its sender gave it (batchKey undone). */
export function senderKey(stored: string): string {
  return stored.startsWith(LAB_KEY_PREFIX) ? stored.slice(stored.indexOf(':', LAB_KEY_PREFIX.length) + 1) : stored;
}

/** The same key was used for a different delivery. */
export function keyConflict(key: string): GraphQLError {
  return new GraphQLError(
    `idempotencyKey "${key.length > 60 ? `${key.slice(0, 60)}…` : key}" was already used for a different delivery: re-send exactly the same rows, or use a new key for new rows.`,
    { extensions: { code: 'CONFLICT', field: 'idempotencyKey' } },
  );
}

export async function findBatch(db: Pick<Db, 'select'>, key: string): Promise<IngestBatchRow | null> {
  const [batch] = await db.select().from(ingestBatches).where(eq(ingestBatches.idempotencyKey, key));
  return batch ?? null;
}

/** sha256 of the rows' canonical form: what makes two sends of a key "the same delivery". */
export function hashLabRows(rows: readonly RawLabRow[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${canonicalLabRow(row)}\n`);
  return `rows:${hash.digest('hex')}`;
}

/**
 * Ingests one API batch (1 to 5,000 rows). `source` says who sent it; `lab` is the lab partner's credential
 * (its keys and samples are its own; see batchKey and the merge), null for the district's own deliveries.
 * Good rows are stored even when others are rejected.
 */
export async function ingestBatch(
  db: Db,
  givenKey: string,
  source: string,
  rows: readonly RawLabRow[],
  now = new Date(),
  lab: string | null = null,
): Promise<BatchOutcome> {
  const key = batchKey(givenKey, lab);
  if (rows.length === 0) throw badUserInput('rows', `rows is empty: send 1 to ${MAX_ROWS_PER_CALL.toLocaleString('en-US')} rows per call.`);
  if (rows.length > MAX_ROWS_PER_CALL) {
    throw badUserInput(
      'rows',
      `${rows.length.toLocaleString('en-US')} rows in one call: send at most ${MAX_ROWS_PER_CALL.toLocaleString('en-US')} per call (split the delivery, one idempotencyKey per call).`,
    );
  }
  const requestHash = hashLabRows(rows);
  const valid: IndexedLabRow[] = [];
  const rejected: RowRejection[] = [];
  // A barcode is one sample: a later row with a barcode seen earlier in this batch is that row's error, naming the earlier row.
  const firstRowOf = new Map<string, number>();
  rows.forEach((raw, index) => {
    const check = validateLabRow(raw, now);
    const barcode = check.ok ? check.row.barcode : typeof raw.barcode === 'string' ? raw.barcode.trim().toUpperCase() : '';
    const earlier = barcode === '' ? undefined : firstRowOf.get(barcode);
    if (barcode !== '' && earlier === undefined) firstRowOf.set(barcode, index);
    if (!check.ok) for (const problem of check.problems) rejected.push({ index, ...problem });
    if (earlier !== undefined && (check.ok || !check.problems.some((problem) => problem.field === 'barcode'))) {
      rejected.push({ index, field: 'barcode', message: `This barcode is already in row ${earlier} of this batch: one sample, one row (row ${earlier} is the one considered).` });
    } else if (check.ok) valid.push({ index, row: check.row });
  });

  const existing = await db.transaction(async (tx) => {
    // A concurrent send of the same key waits here for the first one's commit, then finds its batch.
    const inserted = await tx
      .insert(ingestBatches)
      .values({ idempotencyKey: key, requestHash, source, status: 'STAGED', rejected, deliveredBy: lab })
      .onConflictDoNothing()
      .returning({ key: ingestBatches.idempotencyKey });
    if (inserted.length === 0) return findBatch(tx, key);
    await insertStagedRows(tx, key, valid);
    return null;
  });
  if (existing) {
    if (existing.requestHash !== requestHash) throw keyConflict(givenKey);
    if (existing.status === 'MERGED') return outcomeOf(existing);
    // STAGED: an earlier send died before its merge finished; finish it now.
  }
  return (await mergeBatch(db, key)).outcome;
}
