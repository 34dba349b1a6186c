/**
 * The one merge of staged lab rows into health.samples, whichever door they
 * came through. A batch is merged a chunk of row indexes at a time, each chunk
 * in its own transaction that also removes its staged rows and adds its counts
 * to the batch: a merge that dies half-way resumes where it stopped, and a
 * million-row file never needs one giant statement.
 *
 * Per chunk, in one transaction:
 *  1. identity numbers are matched to residents through health.people (no
 *     match: resident_id null, an unmatched result);
 *  2. a barcode belongs to one identity number: the stored sample's, or the
 *     first row's in this delivery; rows naming another one are rejected
 *     (field idNumber) instead of overwriting somebody else's sample; and a
 *     lab partner's delivery changes only samples that lab delivered (a
 *     barcode stored by anybody else is rejected, field barcode); the
 *     district's own deliveries may correct any sample;
 *  3. each barcode is upserted once: the chunk's last row gives the sample,
 *     its last final (non-PENDING) row the result; a PENDING row never erases
 *     a known result;
 *  4. a pooled tube's final result becomes every member's result, and a
 *     member delivered PENDING after its pool's result takes that result;
 *  5. 'sample.individual-positive' is published for each SINGLE sample of a
 *     known resident that became POSITIVE here (last, in the same transaction).
 * Once a batch is merged, the tables it grew (samples, and the fact_changes
 * log its triggers wrote) are analyzed when they outgrew their planner
 * statistics (shared/db/planner-statistics.ts).
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../../shared/db/database.js';
import { analyzeGrownTables } from '../../shared/db/planner-statistics.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import { ingestBatches } from '../db.js';
import { publishIndividualPositives, type IndividualPositive } from '../events/published.js';

/** One problem of one row: `index` is the row's position in the delivery (from 0). */
export interface RowRejection {
  index: number;
  field: string;
  message: string;
}

/** What a delivery came to, as stored with its batch and answered to every re-send. */
export interface BatchOutcome {
  accepted: number;
  unmatched: number;
  rejected: RowRejection[];
}

/**
 * A batch keeps at most this many problems (any API batch fits: 5,000 rows × 9
 * fields). A file can have more; its rejects file lists them all.
 */
export const MAX_STORED_REJECTIONS = 50_000;
export const DEFAULT_MERGE_CHUNK_ROWS = 50_000;

export interface MergeOptions {
  /** Row indexes per transaction. */
  chunkRows?: number;
  /** Called after each chunk with the rows merged so far by this call. */
  onProgress?: (mergedRows: number) => void;
}

export interface MergeResult {
  /** The whole batch's outcome (including chunks merged by an earlier, interrupted call). */
  outcome: BatchOutcome;
  /** Rows this call rejected while merging (their barcode belongs to another identity number). */
  mergeRejections: RowRejection[];
}

type BatchRow = typeof ingestBatches.$inferSelect;

export function outcomeOf(batch: Pick<BatchRow, 'accepted' | 'unmatched' | 'rejected'>): BatchOutcome {
  const rejected = [...(batch.rejected as RowRejection[])].sort((a, b) => a.index - b.index);
  return { accepted: batch.accepted, unmatched: batch.unmatched, rejected };
}

/** Merges every staged row of a STAGED batch; a MERGED batch is left alone and its outcome returned. */
export async function mergeBatch(db: Db, key: string, options: MergeOptions = {}): Promise<MergeResult> {
  const chunkRows = options.chunkRows ?? DEFAULT_MERGE_CHUNK_ROWS;
  const mergeRejections: RowRejection[] = [];
  let merged = 0;
  for (;;) {
    const step = await db.transaction((tx) => mergeNextChunk(tx, key, chunkRows));
    merged += step.rows;
    mergeRejections.push(...step.rejections);
    if (step.rows > 0) options.onProgress?.(merged);
    if (step.outcome) {
      if (merged > 0) await analyzeGrownTables(db, WRITTEN_TABLES);
      return { outcome: step.outcome, mergeRejections };
    }
  }
}

/** What a merge grows: the samples, and the fact_changes log the samples' triggers write (migration 0005). */
const WRITTEN_TABLES = ['health.samples', 'health.fact_changes'];

interface ChunkStep {
  rows: number;
  rejections: RowRejection[];
  /** Set once the batch is MERGED. */
  outcome: BatchOutcome | null;
}

/**
 * Merges the batch's lowest chunk of staged row indexes: the steps below, in this order, in the caller's
 * transaction. Marks the batch MERGED (and returns its outcome) once nothing is left staged.
 */
async function mergeNextChunk(tx: Executor, key: string, chunkRows: number): Promise<ChunkStep> {
  const batch = await lockBatch(tx, key);
  if (batch.status === 'MERGED') return { rows: 0, rejections: [], outcome: outcomeOf(await storedBatch(tx, key)) };

  const lab = batch.deliveredBy;
  const lo = await lowestStagedIndex(tx, key);
  if (lo === null) {
    await markMerged(tx, key);
    return { rows: 0, rejections: [], outcome: outcomeOf(await storedBatch(tx, key)) };
  }
  const hi = lo + chunkRows;

  await holdPeopleStill(tx);
  await collectChunk(tx, key, lo, hi, lab);
  await upsertSamples(tx, lab);
  await spreadPoolResults(tx, lab);
  await catchUpPendingMembers(tx, lab);
  const positives = await newPositives(tx);
  const counts = await chunkCounts(tx);
  const rejections = await foreignIdentityRejections(tx);
  const done = await unstageChunk(tx, key, lo, hi);
  await addToBatch(tx, key, counts, rejections.slice(0, Math.max(0, MAX_STORED_REJECTIONS - batch.stored)), done);

  const outcome = done ? outcomeOf(await storedBatch(tx, key)) : null;
  await publishIndividualPositives(tx, positives); // last: it holds the outbox lock until commit

  return { rows: counts.rows, rejections, outcome };
}

/** The batch row lock makes concurrent merges of one batch (a re-send racing the first call) take turns. */
async function lockBatch(tx: Executor, key: string): Promise<{ status: string; stored: number; deliveredBy: string | null }> {
  const [batch] = await tx
    .select({ status: ingestBatches.status, deliveredBy: ingestBatches.deliveredBy, stored: sql<number>`jsonb_array_length(${ingestBatches.rejected})`.mapWith(Number) })
    .from(ingestBatches)
    .where(eq(ingestBatches.idempotencyKey, key))
    .for('update');
  if (!batch) throw new Error(`No ingest batch has idempotency key "${key}".`);
  return batch;
}

/** Where the next chunk starts: earlier chunks' rows are gone (each chunk unstages its own); null when none are left. */
async function lowestStagedIndex(tx: Executor, key: string): Promise<number | null> {
  const [first] = await queryRows<{ lo: number | string | null }>(tx, sql`select min(row_index) as lo from health.ingest_staging where idempotency_key = ${key}`);
  if (first?.lo === null || first?.lo === undefined) return null;
  return Number(first.lo);
}

/** Nothing staged is left: the batch is complete (its counts were added chunk by chunk). */
async function markMerged(tx: Executor, key: string): Promise<void> {
  await tx.update(ingestBatches).set({ status: 'MERGED', mergedAt: new Date() }).where(eq(ingestBatches.idempotencyKey, key));
}

/**
 * Registering a person (health<-population) adds them to people and links their unmatched samples.
 * SHARE mode waits for such a transaction in flight and holds new ones off until this one commits,
 * so a row matched against people here can never miss a person registered at the same moment.
 */
async function holdPeopleStill(tx: Executor): Promise<void> {
  await tx.execute(sql`lock table health.people in share mode`);
  // A chunk is a few index probes per row; JIT compiling the plans would cost more than running them.
  await tx.execute(sql`set local jit = off`);
}

/**
 * The chunk's staged rows with what the merge decides on: the resident their identity number matches, the
 * stored sample's result and tube type (to tell new positives), and whether the barcode belongs to another
 * identity number (the stored sample's, or the first row's in this delivery). Index probes per row
 * (lateral ... offset 0 keeps them from being planned as joins over all of samples and people).
 */
async function collectChunk(tx: Executor, key: string, lo: number, hi: number, lab: string | null): Promise<void> {
  // A lab partner's row may not touch a stored sample somebody else delivered.
  const foreignOwner = sql`(${lab}::text is not null and x.barcode is not null and x.delivered_by is distinct from ${lab}::text)`;
  await tx.execute(sql`
    create temp table ingest_merge_chunk on commit drop as
    select st.row_index, st.barcode, st.id_number, st.sampled_at, st.tube_type, st.pool_barcode, st.result, st.result_at, st.site, st.lab,
           p.resident_id as matched_resident_id,
           x.result as stored_result,
           x.tube_type as stored_tube_type,
           st.id_number <> coalesce(x.id_number, first_value(st.id_number) over (partition by st.barcode order by st.row_index))
             or ${foreignOwner} as foreign_identity,
           ${foreignOwner} as foreign_owner
    from health.ingest_staging st
    left join lateral (select p.resident_id from health.people p where p.id_number = st.id_number offset 0) p on true
    left join lateral (select x.barcode, x.id_number, x.result, x.tube_type, x.delivered_by from health.samples x where x.barcode = st.barcode offset 0) x on true
    where st.idempotency_key = ${key} and st.row_index >= ${lo} and st.row_index < ${hi}`);
}

/**
 * One upsert per barcode: the chunk's last row gives the sample, its last final (non-PENDING) row the
 * result; a PENDING row never erases a known result. The where clause re-checks the owner, in case another
 * delivery stored the barcode meanwhile; a row it skips is rejected like the others.
 */
async function upsertSamples(tx: Executor, lab: string | null): Promise<void> {
  await tx.execute(sql`
    with accepted as (select * from ingest_merge_chunk where not foreign_identity),
    last_row as (select distinct on (barcode) * from accepted order by barcode, row_index desc),
    last_final as (
      select distinct on (barcode) barcode, result, result_at from accepted where result <> 'PENDING' order by barcode, row_index desc
    ),
    written as (
      insert into health.samples as s (barcode, resident_id, id_number, sampled_at, tube_type, pool_barcode, result, result_at, site, lab, received_at, delivered_by)
      select l.barcode, l.matched_resident_id, l.id_number, l.sampled_at, l.tube_type, l.pool_barcode,
             coalesce(f.result, 'PENDING'), f.result_at, l.site, l.lab, now(), ${lab}::text
      from last_row l left join last_final f on f.barcode = l.barcode
      order by l.barcode
      on conflict (barcode) do update set
        resident_id = coalesce(excluded.resident_id, s.resident_id),
        sampled_at = excluded.sampled_at,
        tube_type = excluded.tube_type,
        pool_barcode = excluded.pool_barcode,
        result = case when excluded.result = 'PENDING' then s.result else excluded.result end,
        result_at = case when excluded.result = 'PENDING' then s.result_at else excluded.result_at end,
        site = excluded.site,
        lab = excluded.lab,
        received_at = excluded.received_at
      where s.id_number = excluded.id_number and (${lab}::text is null or s.delivered_by = ${lab}::text)
      returning s.barcode
    )
    update ingest_merge_chunk m set foreign_identity = true
    where not m.foreign_identity and not exists (select 1 from written w where w.barcode = m.barcode)`);
}

/** A pooled tube's final result is every member's result (the pool's last final row here decides). */
async function spreadPoolResults(tx: Executor, lab: string | null): Promise<void> {
  await tx.execute(sql`
    with pool_result as (
      select distinct on (pool_barcode) pool_barcode, result, result_at from ingest_merge_chunk
      where not foreign_identity and tube_type = 'POOLED' and result <> 'PENDING'
      order by pool_barcode, row_index desc
    )
    update health.samples s set result = r.result, result_at = r.result_at
    from pool_result r
    where s.pool_barcode = r.pool_barcode and (s.result <> r.result or s.result_at is distinct from r.result_at)
      and (${lab}::text is null or s.delivered_by = ${lab}::text)`);
}

/** Members delivered here only as PENDING join a pool whose result is already known. */
async function catchUpPendingMembers(tx: Executor, lab: string | null): Promise<void> {
  await tx.execute(sql`
    with pending_pools as (
      select pool_barcode from ingest_merge_chunk where not foreign_identity and tube_type = 'POOLED'
      except
      select pool_barcode from ingest_merge_chunk where not foreign_identity and tube_type = 'POOLED' and result <> 'PENDING'
    ),
    known as (
      select distinct on (s.pool_barcode) s.pool_barcode, s.result, s.result_at
      from health.samples s join pending_pools pp on pp.pool_barcode = s.pool_barcode
      where s.result <> 'PENDING' and (${lab}::text is null or s.delivered_by = ${lab}::text)
      order by s.pool_barcode, s.result_at desc, s.barcode
    )
    update health.samples s set result = k.result, result_at = k.result_at
    from known k
    where s.pool_barcode = k.pool_barcode and s.result = 'PENDING' and (${lab}::text is null or s.delivered_by = ${lab}::text)`);
}

/**
 * SINGLE samples of known residents that became POSITIVE in this chunk (a sample already stored as a
 * SINGLE POSITIVE was announced before): the cases subgraph opens a case for each.
 */
async function newPositives(tx: Executor): Promise<IndividualPositive[]> {
  const rows = await queryRows<{ barcode: string; resident_id: string | number; sampled_at: string | Date; result_at: string | Date }>(
    tx,
    sql`
    select s.barcode, s.resident_id, s.sampled_at, s.result_at
    from health.samples s
    join (select distinct on (barcode) barcode, stored_result, stored_tube_type from ingest_merge_chunk where not foreign_identity) m
      on m.barcode = s.barcode
    where s.tube_type = 'SINGLE' and s.result = 'POSITIVE' and s.resident_id is not null
      and not (m.stored_tube_type is not distinct from 'SINGLE' and m.stored_result is not distinct from 'POSITIVE')
    order by s.barcode`,
  );
  return rows.map((row) => ({
    barcode: row.barcode,
    residentId: String(row.resident_id),
    sampledAt: parseTimestamp(row.sampled_at).toISOString(),
    resultAt: parseTimestamp(row.result_at).toISOString(),
  }));
}

interface ChunkCounts {
  rows: number;
  accepted: number;
  unmatched: number;
}

/** What the chunk adds to the batch's counts: rows read, rows stored, and of those the unmatched ones. */
async function chunkCounts(tx: Executor): Promise<ChunkCounts> {
  const [counts] = await queryRows<{ rows: number | string; accepted: number | string; unmatched: number | string }>(
    tx,
    sql`select count(*) as rows,
               count(*) filter (where not foreign_identity) as accepted,
               count(*) filter (where not foreign_identity and matched_resident_id is null) as unmatched
        from ingest_merge_chunk`,
  );
  return { rows: Number(counts!.rows), accepted: Number(counts!.accepted), unmatched: Number(counts!.unmatched) };
}

/** Rows refused instead of overwriting somebody else's sample: their barcode belongs to another identity number. */
async function foreignIdentityRejections(tx: Executor): Promise<RowRejection[]> {
  const foreign = await queryRows<{ row_index: number | string; barcode: string; foreign_owner: boolean | string }>(
    tx,
    sql`select row_index, barcode, foreign_owner from ingest_merge_chunk where foreign_identity order by row_index`,
  );
  return foreign.map((row) =>
    row.foreign_owner === true || row.foreign_owner === 't'
      ? {
          index: Number(row.row_index),
          field: 'barcode',
          message: `Barcode ${row.barcode} is a sample another lab or the district delivered: a lab changes only the samples it delivered. Check the barcode.`,
        }
      : {
          index: Number(row.row_index),
          field: 'idNumber',
          message: `Barcode ${row.barcode} is already a sample of another identity number: a barcode is one person's sample. Check the barcode and the identity number.`,
        },
  );
}

/**
 * Removes the chunk's staged rows in the transaction that merged them, so a merge that dies resumes at the
 * next chunk; true when none of the batch's rows are left staged (the batch is done).
 */
async function unstageChunk(tx: Executor, key: string, lo: number, hi: number): Promise<boolean> {
  await tx.execute(sql`delete from health.ingest_staging where idempotency_key = ${key} and row_index >= ${lo} and row_index < ${hi}`);
  const [rest] = await queryRows<{ more: boolean | string }>(tx, sql`select exists (select 1 from health.ingest_staging where idempotency_key = ${key}) as more`);
  return rest?.more !== true && rest?.more !== 't';
}

/**
 * Adds the chunk's counts and rejections (`stored`: those that still fit under MAX_STORED_REJECTIONS) to
 * the batch, in the same transaction, so the stored outcome is always that of the chunks merged; the last
 * chunk marks it MERGED.
 */
async function addToBatch(tx: Executor, key: string, counts: ChunkCounts, stored: RowRejection[], done: boolean): Promise<void> {
  await tx
    .update(ingestBatches)
    .set({
      accepted: sql`${ingestBatches.accepted} + ${counts.accepted}`,
      unmatched: sql`${ingestBatches.unmatched} + ${counts.unmatched}`,
      ...(stored.length > 0 ? { rejected: sql`${ingestBatches.rejected} || ${JSON.stringify(stored)}::jsonb` } : {}),
      ...(done ? { status: 'MERGED', mergedAt: new Date() } : {}),
    })
    .where(eq(ingestBatches.idempotencyKey, key));
}

async function storedBatch(tx: Executor, key: string): Promise<BatchRow> {
  const [batch] = await tx.select().from(ingestBatches).where(eq(ingestBatches.idempotencyKey, key));
  return batch!;
}
