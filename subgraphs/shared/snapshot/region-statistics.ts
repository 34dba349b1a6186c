/**
 * A subgraph's region indexes at an instant: the present from a live snapshot
 * (PresentSnapshot), a past instant from columns gathered for it. Both go
 * through the same columns and the same evaluation, so the present and the
 * past cannot be computed by two different definitions.
 */
import DataLoader from 'dataloader';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { parseTimestamp } from '../db/timestamps.js';
import { PresentSnapshot, type SnapshotRefresh } from './present-snapshot.js';
import { PastIndexesMemo } from './past-indexes-memo.js';
import { StatisticsHistory, type HistorySource } from './statistics-history.js';

/** Past answers kept per subgraph: (instant, region) pairs, ~1 KB each (92 days × 315 regions is 29,000). */
const PAST_ANSWERS_KEPT = 30_000;

/** Per-resident facts at an instant H, evaluated for regions at any instant T ≥ H at which no fact has changed. */
export interface IndexColumns<V> {
  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, V>;
  /** Every region with residents in the columns (communities, towns, district): what one evaluation can answer for. */
  regionCodes(): string[];
}

/** Every resident of the district: a region code is a prefix of its communities' codes. */
export const WHOLE_DISTRICT = '';

export interface RegionStatisticsSource<V, C extends IndexColumns<V>> {
  /** Whose fact_changes table tells of writes. */
  schema: 'health' | 'population' | 'permits' | 'cases';
  /** The columns of the residents living at `at` in any of these regions. */
  columnsAt(db: Db, regionCodes: readonly string[], at: Date): Promise<C>;
  /** The earliest instant after `at` at which some fact behind these columns starts or stops holding (null: none). */
  nextChangeAfter(db: Db, at: Date, columns: C): Promise<Date | null>;
  /** Re-reads residents of the present columns instead of all of them (optional: without it, any change reads all). */
  incremental?: SnapshotRefresh<C>;
  /** Fact history kept in memory, which answers past instants within its window (optional: without it, the database does). */
  history?: { source: HistorySource<any, C>; days: number };
}

/**
 * A source's nextChangeAfter: the earliest of the instants `candidates(t)` gives (SQL expressions of the instant
 * `t`, each null when there is none), or null.
 */
export async function earliestAfter(db: Db, at: Date, candidates: (t: SQL) => SQL[]): Promise<Date | null> {
  const t = sql`${at.toISOString()}::timestamptz`;
  const [next] = await queryRows<{ at: string | null }>(db, sql`select least(${sql.join(candidates(t), sql`, `)}) as at`);
  return parseTimestamp(next!.at);
}

/** Long-lived, one per subgraph: its present snapshot is shared by every request. */
export class RegionStatistics<V, C extends IndexColumns<V>> {
  private readonly snapshot: PresentSnapshot<C>;
  private readonly history: StatisticsHistory<unknown, C> | null;
  private readonly pastAnswers = new PastIndexesMemo<V>(PAST_ANSWERS_KEPT);

  constructor(
    private readonly db: Db,
    private readonly source: RegionStatisticsSource<V, C>,
  ) {
    this.snapshot = new PresentSnapshot(db, source.schema, async (tx, at) => {
      const columns = await source.columnsAt(tx, [WHOLE_DISTRICT], at);
      return { value: columns, validUntil: await source.nextChangeAfter(tx, at, columns) };
    }, source.incremental);
    this.history = source.history ? new StatisticsHistory(db, source.history.source, source.history.days, (from) => this.pastAnswers.changed(from)) : null;
  }

  /** Reads the present snapshot and the history now, so that no request waits for them (at start). */
  async warm(): Promise<void> {
    await Promise.all([
      (async () => {
        // Evaluated once too: the first evaluation sorts the columns per community (seconds at district size).
        const { columns, at } = await this.presentColumns();
        columns.indexesAt(at, [WHOLE_DISTRICT]);
      })(),
      this.history?.warm(),
    ]);
  }

  /** The columns of the residents of these regions at a past instant: from the history within its window, else from the database. */
  async pastColumns(regionCodes: readonly string[], asOf: Date, historyUpToDate = () => this.bringHistoryUpToDate()): Promise<C> {
    if (this.history) await historyUpToDate();
    return this.history?.covers(asOf) ? this.history.columnsAt(regionCodes, asOf) : this.source.columnsAt(this.db, regionCodes, asOf);
  }

  /** Reads the writes since the history was last brought up to date (none without a history). */
  async bringHistoryUpToDate(): Promise<void> {
    await this.history?.bringUpToDate();
  }

  /**
   * These regions' indexes at a past instant. Within the history's window, answers are kept while no late write
   * changes facts at or before the instant (PastIndexesMemo), and one evaluation answers for every region the
   * columns hold (a daily curve's children, or a town asked next, are then lookups); older instants are read
   * from the database each time.
   * @param columnsOf gathers the columns of these regions at `asOf` (a request passes its own, shared with its lists)
   * @param historyUpToDate brings the history up to date (a request passes one that does it once)
   */
  async pastIndexes(
    regionCodes: readonly string[],
    asOf: Date,
    columnsOf: (codes: readonly string[]) => Promise<IndexColumns<V>> = (codes) => this.pastColumns(codes, asOf),
    historyUpToDate = () => this.bringHistoryUpToDate(),
  ): Promise<Map<string, V>> {
    await historyUpToDate();
    if (!this.history?.covers(asOf)) return (await columnsOf(regionCodes)).indexesAt(asOf, regionCodes);
    const version = this.pastAnswers.version;
    const answers = new Map<string, V>();
    for (const code of regionCodes) {
      const kept = this.pastAnswers.get(asOf, code);
      if (kept !== undefined) answers.set(code, kept);
    }
    if (answers.size === regionCodes.length) return answers;
    const columns = this.history.columnsAt([WHOLE_DISTRICT], asOf);
    const missing = regionCodes.filter((code) => !answers.has(code));
    for (const [code, value] of columns.indexesAt(asOf, [...new Set([...missing, ...columns.regionCodes()])])) {
      if (missing.includes(code)) answers.set(code, value);
      this.pastAnswers.set(asOf, code, value, version);
    }
    return answers;
  }

  /** The present columns and the instant to evaluate them at (now, or the instant they were brought up to if later). */
  async presentColumns(): Promise<{ columns: C; at: Date }> {
    const now = new Date();
    const snapshot = await this.snapshot.current(now);
    return { columns: snapshot.value, at: new Date(Math.max(now.getTime(), snapshot.at.getTime())) };
  }
}

/** A region's indexes at an instant; `asOf` null is the present. */
export interface RegionInstant {
  code: string;
  asOf: Date | null;
}

/** Columns and the instant to evaluate them at. */
export interface ColumnsAt<C> {
  columns: C;
  at: Date;
}

const cacheKey = (key: RegionInstant) => `${key.asOf?.toISOString() ?? 'now'}|${key.code}`;

/**
 * Per request: the present is one instant for the whole request (a dashboard's numbers and the lists behind
 * them agree), and every region asked for at one instant (a dashboard: a region and its children) shares one
 * evaluation.
 */
export function regionStatisticsLoaders<V, C extends IndexColumns<V>>(
  statistics: Pick<RegionStatistics<V, C>, 'presentColumns' | 'pastColumns' | 'pastIndexes' | 'bringHistoryUpToDate'>,
) {
  let present: Promise<ColumnsAt<C>> | null = null;
  /** The history is brought up to date once per request: one state for all its past instants, one freshness check. */
  let historyChecked: Promise<void> | null = null;
  const historyUpToDate = () => (historyChecked ??= statistics.bringHistoryUpToDate());
  /**
   * The past columns last gathered in this request: a list behind a dashboard's number reuses the dashboard's.
   * Only the last: a daily curve gathers one instant after another, and keeping them all would hold a district's
   * columns once per day.
   */
  let past: { asOf: number; regionCodes: readonly string[]; columns: Promise<C> } | null = null;
  /** The columns of these regions' residents at `asOf` (null: the request's present). */
  const regionColumns = async (asOf: Date | null, regionCodes: readonly string[]): Promise<ColumnsAt<C>> => {
    if (asOf === null) return (present ??= statistics.presentColumns());
    const covers = (gathered: readonly string[]) => regionCodes.every((code) => gathered.some((prefix) => code.startsWith(prefix)));
    if (past?.asOf !== asOf.getTime() || !covers(past.regionCodes)) past = { asOf: asOf.getTime(), regionCodes, columns: statistics.pastColumns(regionCodes, asOf, historyUpToDate) };
    return { columns: await past.columns, at: asOf };
  };
  const regionIndexes = new DataLoader<RegionInstant, V, string>(
    async (keys) => {
      const byInstant = new Map<string, RegionInstant[]>();
      for (const key of keys) {
        const instant = key.asOf?.toISOString() ?? 'now';
        byInstant.set(instant, [...(byInstant.get(instant) ?? []), key]);
      }
      const results = new Map<string, V>();
      for (const group of byInstant.values()) {
        const asOf = group[0]!.asOf;
        const codes = [...new Set(group.map((key) => key.code))];
        const { columns, at } = asOf === null ? await regionColumns(null, codes) : { columns: null, at: asOf };
        const values = columns ? columns.indexesAt(at, codes) : await statistics.pastIndexes(codes, asOf!, async (missing) => (await regionColumns(asOf, missing)).columns, historyUpToDate);
        for (const [code, value] of values) results.set(cacheKey({ code, asOf }), value);
      }
      return keys.map((key) => results.get(cacheKey(key))!);
    },
    { cacheKeyFn: cacheKey },
  );
  return { regionIndexes, regionColumns };
}
