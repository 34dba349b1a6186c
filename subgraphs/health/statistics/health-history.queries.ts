/**
 * Reads the health fact history (health-history.ts) from the database: every
 * fact that can matter at an instant ≥ `since`, for every resident (load) or
 * for some (reload), as columns of typed arrays.
 *
 * A district is 10.9 million samples. Grouping them per resident in SQL costs
 * 35–50 s (sorts, per-row numeric conversions), and one row per sample
 * through the driver ~1 µs each; so each statement returns one row whose
 * columns are the rows' values packed as binary (int4send, timestamptz_send:
 * no text formatting, no numeric arithmetic), and the grouping per resident
 * is done in JavaScript (health-history-block.ts). The largest tables are
 * read in ranges of heap pages (TID range scans, in physical order), several
 * ranges per statement so that PostgreSQL's parallel workers take one each.
 * Instants are whole milliseconds, as every writer writes them (JavaScript
 * Dates): a timestamp's microseconds are truncated as parseTimestamp does.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { instantSql } from '../../shared/db/instants.js';
import { EXPOSURE_LOOKBACK_HOURS, EXPOSURE_POSITIVE_WITHIN_HOURS, EXPOSURE_PROXIMITY_MINUTES } from '../venue/venue.queries.js';
import { VACCINE_PRODUCTS } from '../vaccination/vaccination.rules.js';

/** Whose history: everyone (load) or these residents (reload). */
export type HistoryResidents = 'all' | readonly number[];

/** Rows of one table as columns; instants in ms since the epoch (Infinity: none, e.g. an open period). */
export interface PeriodRows {
  residentId: Int32Array;
  startedAt: Float64Array;
  endedAt: Float64Array;
  communityCode: string[];
}
export interface SampleRows {
  residentId: Int32Array;
  sampledAt: Float64Array;
  /** result_at (Infinity: no result yet). */
  resultAt: Float64Array;
}
export interface DoseRows {
  residentId: Int32Array;
  administeredAt: Float64Array;
  /** Dose 1's product (index in VACCINE_PRODUCTS); −1 for the other doses. */
  firstDoseProduct: Int8Array;
}
/** A small table's rows: resident and up to three instants each. */
export interface InstantRows {
  residentId: Int32Array;
  instants: Float64Array[];
}

/** Everything but the samples (read in chunks: readSampleChunks). */
export interface HistoryTables {
  people: { residentId: Int32Array; birth: Int32Array };
  periods: PeriodRows;
  doses: DoseRows;
  /** scanned_at of scans whose colour shown was not GREEN, from `since` − 1 day (abnormalScans24h). */
  abnormalScans: InstantRows;
  /** [starts_at, ends_at] of exemptions that may hold at or after `since`. */
  exemptions: InstantRows;
  /** [active_from, active_until] of cases that may be active at or after `since`. */
  cases: InstantRows;
  /** [starts_at, ends_at, released_at] of quarantines that may hold at or after `since`. */
  quarantines: InstantRows;
  /** [started_at, ended_at, planned_end_at] of home observations that may be active at or after `since`. */
  observations: InstantRows;
  /** [sampled_at, result_at] of individual (SINGLE) POSITIVE samples, any time. */
  positives: InstantRows;
  /** [sampled_at, result_at] of POOLED POSITIVE samples, any time. */
  positivePools: InstantRows;
  /** [sampled_at, result_at] of SINGLE samples with a final result (NEGATIVE or POSITIVE) taken after the resident's earliest positive pool. */
  poolRetests: InstantRows;
}

const DAY = 24 * 3600_000;
/** timestamptz_send: microseconds since 2000-01-01 UTC, as a big-endian int64; infinity is its largest value. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const INFINITE_HIGH = 0x7fffffff;
/** Heap pages per TID range, and ranges per statement (PostgreSQL's default of 2 parallel workers and the leader each take one). */
const PAGES_PER_RANGE = 16_384;
const RANGES_PER_STATEMENT = 3;

/** A value as the driver returns bytea: a Buffer (postgres.js) or a Uint8Array (PGlite); null when no row. */
type Bytes = Uint8Array | null;
const viewOf = (bytes: Bytes) => (bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new DataView(new ArrayBuffer(0)));

function int32s(bytes: Bytes): Int32Array {
  const view = viewOf(bytes);
  const values = new Int32Array(view.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getInt32(i * 4);
  return values;
}

function int8s(bytes: Bytes): Int8Array {
  const view = viewOf(bytes);
  const values = new Int8Array(view.byteLength / 2);
  for (let i = 0; i < values.length; i++) values[i] = view.getInt16(i * 2);
  return values;
}

function instants(bytes: Bytes): Float64Array {
  const view = viewOf(bytes);
  const values = new Float64Array(view.byteLength / 8);
  for (let i = 0; i < values.length; i++) {
    const high = view.getInt32(i * 8);
    const low = view.getUint32(i * 8 + 4);
    values[i] = high === INFINITE_HIGH && low === 0xffffffff ? Infinity : Math.floor((high * 0x1_0000_0000 + low) / 1000) + PG_EPOCH_MS;
  }
  return values;
}

/** Birth dates (date_send: days since 2000-01-01) as YYYYMMDD. */
function birthDates(bytes: Bytes): Int32Array {
  const days = int32s(bytes);
  const dates = new Int32Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const date = new Date(PG_EPOCH_MS + days[i]! * DAY);
    dates[i] = date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  }
  return dates;
}

// Per-row values packed as fixed-width binary; string_agg skips nulls, so every one has a value.
const residentBytes = (column: SQL) => sql`string_agg(int4send(${column}::int), '')`;
const instantBytes = (column: SQL) => sql`string_agg(timestamptz_send(coalesce(${column}, 'infinity')), '')`;

function whose(residents: HistoryResidents, column: SQL): SQL {
  return residents === 'all' ? sql`true` : sql`${column} = any(${`{${residents.join(',')}}`}::bigint[])`;
}

/** One statement, one row: the instants of a table's rows that `where` picks, with their residents. */
async function instantRows(tx: Db, from: SQL, where: SQL, columns: SQL[]): Promise<InstantRows> {
  const [row] = await queryRows<Record<string, Bytes>>(
    tx,
    sql`select ${residentBytes(sql`resident_id`)} as resident_id, ${sql.join(
      columns.map((column, i) => sql`${instantBytes(column)} as ${sql.identifier(`i${i}`)}`),
      sql`, `,
    )} from ${from} where ${where}`,
  );
  return { residentId: int32s(row!.resident_id!), instants: columns.map((_, i) => instants(row![`i${i}`]!)) };
}

/** Everything but the samples. */
export async function readHistoryTables(tx: Db, residents: HistoryResidents, since: Date): Promise<HistoryTables> {
  const t = instantSql(since);
  const of = (column = sql`resident_id`) => whose(residents, column);
  const [people] = await queryRows<Record<string, Bytes>>(
    tx,
    sql`select ${residentBytes(sql`resident_id`)} as resident_id, string_agg(date_send(birth_date), '') as birth from health.people where ${of()}`,
  );
  const [periods] = await queryRows<Record<string, Bytes> & { community_code: string | null }>(
    tx,
    sql`select ${residentBytes(sql`resident_id`)} as resident_id, ${instantBytes(sql`started_at`)} as started_at, ${instantBytes(sql`ended_at`)} as ended_at,
      string_agg(community_code, ',') as community_code
    from health.residence_periods where ${of()} and (ended_at is null or ended_at > ${t})`,
  );
  const products = `{${VACCINE_PRODUCTS.join(',')}}`;
  const [doses] = await queryRows<Record<string, Bytes>>(
    tx,
    sql`select ${residentBytes(sql`resident_id`)} as resident_id, ${instantBytes(sql`administered_at`)} as administered_at,
      string_agg(int2send((case when dose_number = 1 then array_position(${products}::text[], product::text) - 1 else -1 end)::int2), '') as first_dose_product
    from health.doses where ${of()}`,
  );
  const single = sql`tube_type = 'SINGLE'`;
  const pooledPositive = sql`tube_type = 'POOLED' and result = 'POSITIVE'`;
  return {
    people: { residentId: int32s(people!.resident_id!), birth: birthDates(people!.birth!) },
    periods: {
      residentId: int32s(periods!.resident_id!),
      startedAt: instants(periods!.started_at!),
      endedAt: instants(periods!.ended_at!),
      communityCode: periods!.community_code?.split(',') ?? [],
    },
    doses: { residentId: int32s(doses!.resident_id!), administeredAt: instants(doses!.administered_at!), firstDoseProduct: int8s(doses!.first_dose_product!) },
    // Written as the predicate of scans_abnormal_idx (abnormalScan), so that index serves it.
    abnormalScans: await instantRows(tx, sql`health.scans`, sql`${of()} and color_shown <> 'GREEN' and scanned_at >= ${t} - interval '1 day'`, [sql`scanned_at`]),
    exemptions: await instantRows(tx, sql`health.exemptions`, sql`${of()} and (ends_at is null or ends_at > ${t})`, [sql`starts_at`, sql`ends_at`]),
    cases: await instantRows(tx, sql`health.case_facts`, sql`${of()} and (active_until is null or active_until > ${t})`, [sql`active_from`, sql`active_until`]),
    quarantines: await instantRows(tx, sql`health.quarantines`, sql`${of()} and ends_at > ${t} and (released_at is null or released_at > ${t})`, [
      sql`starts_at`,
      sql`ends_at`,
      sql`released_at`,
    ]),
    observations: await instantRows(tx, sql`health.home_observations`, sql`${of()} and (ended_at is null or ended_at > ${t}) and planned_end_at > ${t}`, [
      sql`started_at`,
      sql`ended_at`,
      sql`planned_end_at`,
    ]),
    // result = 'POSITIVE' as the predicate of samples_positive_idx.
    positives: await instantRows(tx, sql`health.samples`, sql`${of()} and result = 'POSITIVE' and ${single}`, [sql`sampled_at`, sql`result_at`]),
    positivePools: await instantRows(tx, sql`health.samples`, sql`${of()} and ${pooledPositive}`, [sql`sampled_at`, sql`result_at`]),
    poolRetests: await instantRows(
      tx,
      sql`health.samples x join (select resident_id as pooled_id, min(sampled_at) as first_pool from health.samples where ${of()} and ${pooledPositive} group by 1) p
        on p.pooled_id = x.resident_id and x.sampled_at > p.first_pool`,
      sql`x.${sql.raw('tube_type')} = 'SINGLE' and x.result in ('NEGATIVE', 'POSITIVE')`,
      [sql`x.sampled_at`, sql`x.result_at`],
    ),
  };
}

/**
 * The samples (every one with a resident: those before `since` too, of which the history keeps the latest), in
 * chunks of heap pages: each chunk is handed to `onChunk` and may be dropped after it.
 */
export async function readSampleChunks(tx: Db, residents: HistoryResidents, onChunk: (rows: SampleRows) => void): Promise<void> {
  const columns = sql`${residentBytes(sql`resident_id`)} as resident_id, ${instantBytes(sql`sampled_at`)} as sampled_at, ${instantBytes(sql`result_at`)} as result_at`;
  const decode = (row: Record<string, Bytes>): SampleRows => ({ residentId: int32s(row.resident_id!), sampledAt: instants(row.sampled_at!), resultAt: instants(row.result_at!) });
  if (residents !== 'all') {
    const [row] = await queryRows<Record<string, Bytes>>(tx, sql`select ${columns} from health.samples where ${whose(residents, sql`resident_id`)}`);
    onChunk(decode(row!));
    return;
  }
  // Parallel workers for the ranges of one statement, whatever the costs say (this is the one read of the table).
  await tx.execute(sql`set local parallel_setup_cost = 0`);
  await tx.execute(sql`set local parallel_tuple_cost = 0`);
  const [size] = await queryRows<{ pages: string | number }>(tx, sql`select pg_relation_size('health.samples') / current_setting('block_size')::int as pages`);
  const pages = Number(size!.pages);
  for (let first = 0; first < pages; first += PAGES_PER_RANGE * RANGES_PER_STATEMENT) {
    const ranges: SQL[] = [];
    for (let from = first; from < Math.min(pages, first + PAGES_PER_RANGE * RANGES_PER_STATEMENT); from += PAGES_PER_RANGE) {
      // The last range is open-ended: rows added after the size was read are in this snapshot only if they were committed before it.
      const to = from + PAGES_PER_RANGE >= pages ? sql`` : sql` and ctid < ${`(${from + PAGES_PER_RANGE},0)`}::tid`;
      ranges.push(sql`select ${columns} from health.samples where ctid >= ${`(${from},0)`}::tid${to} and resident_id is not null`);
    }
    for (const row of await queryRows<Record<string, Bytes>>(tx, sql.join(ranges, sql` union all `))) if (row.resident_id) onChunk(decode(row));
  }
}

/** Venue exposures that may hold at an instant ≥ `since`: each resident scan that is one, and from when it is known. */
export interface ExposureRows {
  residentId: Int32Array;
  scannedAt: Float64Array;
  /** The earliest instant from which some qualifying pair of another resident's scan and positive sample makes it an exposure. */
  knownFrom: Float64Array;
}

/**
 * exposureScansSql (venue/venue.queries.ts) with its conditions on the instant T taken apart: a scan s of the
 * resident is an exposure at T when another resident's scan o of the same venue is within 30 minutes of it and
 * that resident has an individual positive sample p taken in [o, o + 3 days], and s ≤ T, o ≤ T, p.sampled_at ≤ T,
 * p.result_at ≤ T (known) and s ≥ T − 14 days. (The statement's last bound, p.sampled_at ≥ T − 14 days − 30 min,
 * follows from the others: p.sampled_at ≥ o ≥ s − 30 min.) So it holds from the least over qualifying pairs of
 * greatest(s, o, p.sampled_at, p.result_at) until s + 14 days, both included; the rules apply the 7-day window.
 * The pair conditions are exposureScansSql's, spelled out again here without T.
 */
export async function readExposures(tx: Db, since: Date): Promise<ExposureRows> {
  const t = instantSql(since);
  const lookback = sql.raw(`interval '${EXPOSURE_LOOKBACK_HOURS} hours'`);
  const proximity = sql.raw(`interval '${EXPOSURE_PROXIMITY_MINUTES} minutes'`);
  const positiveWithin = sql.raw(`interval '${EXPOSURE_POSITIVE_WITHIN_HOURS} hours'`);
  const [row] = await queryRows<Record<string, Bytes>>(
    tx,
    sql`select ${residentBytes(sql`resident_id`)} as resident_id, ${instantBytes(sql`scanned_at`)} as scanned_at, ${instantBytes(sql`known_from`)} as known_from
    from (
      select s.resident_id, s.scanned_at, min(greatest(s.scanned_at, o.scanned_at, p.sampled_at, p.result_at)) as known_from
      from health.scans s
      join health.scans o on o.venue_id = s.venue_id
        and o.scanned_at >= s.scanned_at - ${proximity} and o.scanned_at <= s.scanned_at + ${proximity}
        and s.scanned_at >= o.scanned_at - ${proximity} and s.scanned_at <= o.scanned_at + ${proximity}
        and o.resident_id <> s.resident_id
      join health.samples p on p.resident_id = o.resident_id
        and p.sampled_at >= o.scanned_at and p.sampled_at <= o.scanned_at + ${positiveWithin}
      where s.scanned_at >= ${t} - ${lookback}
        and p.result = 'POSITIVE' and p.tube_type = 'SINGLE'
        and p.sampled_at >= ${t} - ${lookback} - ${proximity}
      group by 1, 2
    ) exposures`,
  );
  return { residentId: int32s(row!.resident_id!), scannedAt: instants(row!.scanned_at!), knownFrom: instants(row!.known_from!) };
}
