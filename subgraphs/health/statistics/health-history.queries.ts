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
 * is done in JavaScript (health-history-block.ts). The samples are read in
 * ranges of heap pages (TID range scans, in physical order), several ranges
 * per statement so that PostgreSQL's parallel workers take one each: once
 * for their residents only (how many each has, to size the runs), then whole.
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

/** A value as the driver returns bytea: a Buffer (postgres.js) or a Uint8Array (PGlite); null when no row. */
type Bytes = Uint8Array | null;

/** Rows of a table as columns; instants in ms since the epoch (Infinity: none, e.g. an open period). */
export interface PeopleRows {
  residentId: Int32Array;
  /** YYYYMMDD */
  birth: Int32Array;
}
export interface PeriodRows {
  residentId: Int32Array;
  startedAt: Float64Array;
  endedAt: Float64Array;
  /** Index in `communityCodes`. */
  community: Int16Array;
  communityCodes: string[];
}
export interface DoseRows {
  residentId: Int32Array;
  /** Dose 1's product (index in VACCINE_PRODUCTS); −1 for the other doses. */
  firstDoseProduct: Int16Array;
  /** Only for doses at or after `since` (those before it are only counted). */
  administeredAt?: Float64Array;
}
/** A table's rows: resident and up to three instants each. */
export interface InstantRows {
  residentId: Int32Array;
  instants: Float64Array[];
}

/** The facts few residents have (RareFacts), each read as instant rows: which rows, and which instants of them. */
export const RARE_FACTS = {
  /** [starts_at, ends_at] of exemptions that may hold at or after `since`. */
  exemptions: (t: SQL) => ({ from: sql`health.exemptions`, where: sql`(ends_at is null or ends_at > ${t})`, instants: [sql`starts_at`, sql`ends_at`] }),
  /** [active_from, active_until] of cases that may be active at or after `since`. */
  cases: (t: SQL) => ({ from: sql`health.case_facts`, where: sql`(active_until is null or active_until > ${t})`, instants: [sql`active_from`, sql`active_until`] }),
  /** [starts_at, ends_at, released_at] of quarantines that may hold at or after `since`. */
  quarantines: (t: SQL) => ({
    from: sql`health.quarantines`,
    where: sql`ends_at > ${t} and (released_at is null or released_at > ${t})`,
    instants: [sql`starts_at`, sql`ends_at`, sql`released_at`],
  }),
  /** [started_at, ended_at, planned_end_at] of home observations that may be active at or after `since`. */
  observations: (t: SQL) => ({
    from: sql`health.home_observations`,
    where: sql`(ended_at is null or ended_at > ${t}) and planned_end_at > ${t}`,
    instants: [sql`started_at`, sql`ended_at`, sql`planned_end_at`],
  }),
  // result = 'POSITIVE' as the predicate of samples_positive_idx.
  /** [sampled_at, result_at] of individual (SINGLE) POSITIVE samples, any time. */
  positives: () => ({ from: sql`health.samples`, where: sql`result = 'POSITIVE' and tube_type = 'SINGLE'`, instants: [sql`sampled_at`, sql`result_at`] }),
  /** [sampled_at, result_at] of POOLED POSITIVE samples, any time. */
  pools: () => ({ from: sql`health.samples`, where: sql`result = 'POSITIVE' and tube_type = 'POOLED'`, instants: [sql`sampled_at`, sql`result_at`] }),
  /** [sampled_at, result_at] of SINGLE samples with a final result taken after the resident's earliest positive pool. */
  retests: () => ({
    from: sql`health.samples x join (select resident_id as pooled, min(sampled_at) as first_pool from health.samples
      where result = 'POSITIVE' and tube_type = 'POOLED' group by 1) p on p.pooled = x.resident_id and x.sampled_at > p.first_pool`,
    where: sql`x.tube_type = 'SINGLE' and x.result in ('NEGATIVE', 'POSITIVE')`,
    instants: [sql`x.sampled_at`, sql`x.result_at`],
  }),
} satisfies Record<string, (t: SQL) => { from: SQL; where: SQL; instants: SQL[] }>;
export type RareKind = keyof typeof RARE_FACTS;

/** timestamptz_send: microseconds since 2000-01-01 UTC, as a big-endian int64; infinity is its largest value. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const INFINITE_HIGH = 0x7fffffff;
/** Heap pages per TID range, and ranges per statement (PostgreSQL's default of 2 parallel workers and the leader each take one). */
const PAGES_PER_RANGE = 4_096;
const RANGES_PER_STATEMENT = 3;

const viewOf = (bytes: Bytes) => (bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new DataView(new ArrayBuffer(0)));

// Plain loops: TypedArray.from with a mapping function costs ~10× as much per value.
function int32s(bytes: Bytes): Int32Array {
  const view = viewOf(bytes);
  const values = new Int32Array(view.byteLength / 4);
  for (let k = 0; k < values.length; k++) values[k] = view.getInt32(k * 4);
  return values;
}

function int16s(bytes: Bytes): Int16Array {
  const view = viewOf(bytes);
  const values = new Int16Array(view.byteLength / 2);
  for (let k = 0; k < values.length; k++) values[k] = view.getInt16(k * 2);
  return values;
}

/** The k-th timestamptz_send value of a view, in ms since the epoch. */
function instantAt(view: DataView, k: number): number {
  const high = view.getInt32(k * 8);
  const low = view.getUint32(k * 8 + 4);
  return high === INFINITE_HIGH && low === 0xffffffff ? Infinity : Math.floor((high * 0x1_0000_0000 + low) / 1000) + PG_EPOCH_MS;
}

function instants(bytes: Bytes): Float64Array {
  const view = viewOf(bytes);
  const values = new Float64Array(view.byteLength / 8);
  for (let k = 0; k < values.length; k++) values[k] = instantAt(view, k);
  return values;
}

/** Birth dates (date_send: days since 2000-01-01) as YYYYMMDD. */
function birthDates(bytes: Bytes): Int32Array {
  const days = int32s(bytes);
  for (let k = 0; k < days.length; k++) days[k] = yyyymmdd(days[k]!);
  return days;
}

/** Days since 2000-01-01 as YYYYMMDD, without a Date per resident (H. Hinnant's civil_from_days). */
function yyyymmdd(daysSince2000: number): number {
  const z = daysSince2000 + 10957 + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0)) * 10000 + month * 100 + day;
}

/** Samples as read (binary, decoded as asked: a district's 10.9 million are not copied into arrays first). */
export class SampleRows {
  readonly length: number;
  private readonly residents: DataView;
  private readonly sampled: DataView;
  private readonly results: DataView;

  constructor(row: Record<string, Bytes>) {
    [this.residents, this.sampled, this.results] = [viewOf(row.resident_id!), viewOf(row.sampled_at!), viewOf(row.result_at!)];
    this.length = this.residents.byteLength / 4;
  }

  residentId(k: number): number {
    return this.residents.getInt32(k * 4);
  }

  sampledAt(k: number): number {
    return instantAt(this.sampled, k);
  }

  /** result_at (Infinity: no result yet). */
  resultAt(k: number): number {
    return instantAt(this.results, k);
  }
}

// Per-row values packed as fixed-width binary; string_agg skips nulls, so every one has a value.
const residentBytes = (column: SQL) => sql`string_agg(int4send(${column}::int), '')`;
const instantBytes = (column: SQL) => sql`string_agg(timestamptz_send(coalesce(${column}, 'infinity')), '')`;
const productIndex = sql.join(VACCINE_PRODUCTS.map((product, k) => sql`when ${product}::health.vaccine_product then ${sql.raw(String(k))}`), sql` `);

/** Reads, in one transaction, the facts of these residents that can matter at an instant ≥ `since`, a table at a time. */
export class HistoryReader {
  private readonly t: SQL;
  private parallel = false;

  constructor(
    private readonly tx: Db,
    private readonly residents: HistoryResidents,
    since: Date,
  ) {
    this.t = instantSql(since);
  }

  async people(): Promise<PeopleRows> {
    const [residentId, birth] = [new Chunks<Int32Array>(Int32Array), new Chunks<Int32Array>(Int32Array)];
    await this.chunks('people', sql`${residentBytes(sql`resident_id`)} as resident_id, string_agg(date_send(birth_date), '') as birth`, sql`true`, (row) => {
      residentId.add(int32s(row.resident_id!));
      birth.add(birthDates(row.birth!));
    });
    return { residentId: residentId.joined(), birth: birth.joined() };
  }

  /** Periods that may hold at or after `since`; their community codes once each, and per period its code's position. */
  async periods(): Promise<PeriodRows> {
    const relevant = sql`(ended_at is null or ended_at > ${this.t})`;
    const [codes] = await queryRows<{ codes: string | null }>(
      this.tx,
      sql`select string_agg(community_code, ',' order by community_code) as codes from (select distinct community_code from health.residence_periods where ${this.whose()} and ${relevant}) c`,
    );
    const communityCodes = codes!.codes?.split(',') ?? [];
    const [residentId, startedAt, endedAt, community] = [new Chunks<Int32Array>(Int32Array), new Chunks<Float64Array>(Float64Array), new Chunks<Float64Array>(Float64Array), new Chunks<Int16Array>(Int16Array)];
    await this.chunks(
      'residence_periods',
      sql`${residentBytes(sql`resident_id`)} as resident_id, ${instantBytes(sql`started_at`)} as started_at, ${instantBytes(sql`ended_at`)} as ended_at,
        string_agg(int2send((code.k - 1)::int2), '') as community`,
      relevant,
      (row) => {
        residentId.add(int32s(row.resident_id!));
        startedAt.add(instants(row.started_at!));
        endedAt.add(instants(row.ended_at!));
        community.add(int16s(row.community!));
      },
      sql`join unnest(${`{${communityCodes.join(',')}}`}::text[]) with ordinality code(code, k) on code.code = community_code`,
    );
    return { residentId: residentId.joined(), startedAt: startedAt.joined(), endedAt: endedAt.joined(), community: community.joined(), communityCodes };
  }

  /** Doses before `since` (only counted: no instants), then those at or after it, a chunk at a time. */
  async doses(onChunk: (doses: DoseRows) => void): Promise<void> {
    const product = sql`string_agg(int2send((case when dose_number <> 1 then -1 else case product ${productIndex} end end)::int2), '') as product`;
    await this.chunks('doses', sql`${residentBytes(sql`resident_id`)} as resident_id, ${product}`, sql`administered_at < ${this.t}`, (row) =>
      onChunk({ residentId: int32s(row.resident_id!), firstDoseProduct: int16s(row.product!) }),
    );
    // Few: doses_administered_at_idx finds them.
    const row = await this.row(
      sql`select ${residentBytes(sql`resident_id`)} as resident_id, ${product}, ${instantBytes(sql`administered_at`)} as administered_at
      from health.doses where ${this.whose()} and administered_at >= ${this.t}`,
    );
    onChunk({ residentId: int32s(row.resident_id!), firstDoseProduct: int16s(row.product!), administeredAt: instants(row.administered_at!) });
  }

  /** scanned_at of scans whose colour shown was not GREEN, from `since` − 1 day (abnormalScans24h looks 24 h back). */
  abnormalScans(): Promise<InstantRows> {
    // Written as the predicate of scans_abnormal_idx (abnormalScan), so that index serves it.
    return this.instantRows(sql`health.scans`, sql`color_shown <> 'GREEN' and scanned_at >= ${this.t} - interval '1 day'`, [sql`scanned_at`]);
  }

  rare(kind: RareKind): Promise<InstantRows> {
    const { from, where, instants } = RARE_FACTS[kind](this.t);
    return this.instantRows(from, where, instants);
  }

  /**
   * The samples, a chunk at a time: `residentsOnly` reads only the residents of those taken at or after `since`
   * (to count them); otherwise every one with a resident, those before `since` too (the history keeps the
   * latest of them).
   */
  async samples(residentsOnly: true, onChunk: (residentIds: Int32Array) => void): Promise<void>;
  async samples(residentsOnly: false, onChunk: (rows: SampleRows) => void): Promise<void>;
  async samples(residentsOnly: boolean, onChunk: (rows: any) => void): Promise<void> {
    const resident = sql`${residentBytes(sql`resident_id`)} as resident_id`;
    await this.chunks(
      'samples',
      residentsOnly ? resident : sql`${resident}, ${instantBytes(sql`sampled_at`)} as sampled_at, ${instantBytes(sql`result_at`)} as result_at`,
      residentsOnly ? sql`sampled_at >= ${this.t}` : sql`true`,
      (row) => onChunk(residentsOnly ? int32s(row.resident_id!) : new SampleRows(row)),
    );
  }

  /**
   * The rows of a health table that `where` picks, packed by `select` (aggregates over the rows), handed to
   * `onChunk`: for some residents in one statement; for everyone a few ranges of heap pages at a time (each
   * result a few megabytes: the driver holds a statement's result several times over while reading it).
   * `join` may add a small relation (the table is `t`; its columns are named unqualified, so the relation must not share their names).
   */
  private async chunks(table: string, select: SQL, where: SQL, onChunk: (row: Record<string, Bytes>) => void, join = sql``): Promise<void> {
    const from = sql`${sql.identifier('health')}.${sql.identifier(table)} t ${join}`;
    if (this.residents !== 'all') {
      onChunk(await this.row(sql`select ${select} from ${from} where ${this.whose()} and ${where}`));
      return;
    }
    if (!this.parallel) {
      // Parallel workers for the ranges of one statement, whatever the costs say (this is the one read of the table).
      await this.tx.execute(sql`set local parallel_setup_cost = 0`);
      await this.tx.execute(sql`set local parallel_tuple_cost = 0`);
      this.parallel = true;
    }
    // Read in this transaction's snapshot: pages beyond this size hold no row it sees (they were added after it was taken).
    const [size] = await queryRows<{ pages: string | number }>(this.tx, sql`select pg_relation_size(${`health.${table}`}::regclass) / current_setting('block_size')::int as pages`);
    const pages = Number(size!.pages);
    for (let first = 0; first < pages; first += PAGES_PER_RANGE * RANGES_PER_STATEMENT) {
      const ranges: SQL[] = [];
      for (let page = first; page < Math.min(pages, first + PAGES_PER_RANGE * RANGES_PER_STATEMENT); page += PAGES_PER_RANGE) {
        ranges.push(sql`select ${select} from ${from} where t.ctid >= ${`(${page},0)`}::tid and t.ctid < ${`(${page + PAGES_PER_RANGE},0)`}::tid and ${this.whose()} and ${where}`);
      }
      for (const row of await queryRows<Record<string, Bytes>>(this.tx, sql.join(ranges, sql` union all `))) if (row.resident_id) onChunk(row);
    }
  }

  /**
   * A condition on the resident ID column of the table read. Never a null resident (an unmatched sample):
   * string_agg leaves nulls out, so its other values would land on the rows after it.
   */
  private whose(column = sql`resident_id`): SQL {
    return this.residents === 'all' ? sql`${column} is not null` : sql`${column} = any(${`{${this.residents.join(',')}}`}::bigint[])`;
  }

  /** One statement, one row (aggregates over no rows give nulls: empty columns). */
  private async row(query: SQL): Promise<Record<string, Bytes>> {
    const [row] = await queryRows<Record<string, Bytes>>(this.tx, query);
    return row!;
  }

  private async instantRows(from: SQL, where: SQL, columns: SQL[]): Promise<InstantRows> {
    const row = await this.row(
      sql`select ${residentBytes(sql`resident_id`)} as resident_id, ${sql.join(
        columns.map((column, i) => sql`${instantBytes(column)} as ${sql.identifier(`i${i}`)}`),
        sql`, `,
      )} from ${from} where ${this.whose()} and ${where}`,
    );
    return { residentId: int32s(row.resident_id!), instants: columns.map((_, i) => instants(row[`i${i}`]!)) };
  }
}

type TypedArray = Int16Array | Int32Array | Float64Array;

/** Typed arrays read chunk by chunk, joined into one. */
class Chunks<A extends TypedArray> {
  private readonly parts: A[] = [];

  constructor(private readonly make: new (length: number) => A) {}

  add(part: A): void {
    this.parts.push(part);
  }

  joined(): A {
    const whole = new this.make(this.parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of this.parts) {
      whole.set(part as never, offset);
      offset += part.length;
    }
    return whole;
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
