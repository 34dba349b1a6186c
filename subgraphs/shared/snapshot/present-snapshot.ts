/**
 * A subgraph's statistics "now", read once from the database and kept in
 * memory while it stays exact, so a dashboard refresh costs a few binary
 * searches instead of a scan of millions of rows.
 *
 * Exactness, not a time-to-live, decides what is read again:
 * - It is read in one REPEATABLE READ transaction at instant H (the database
 *   clock when its snapshot was taken), so it is every fact recorded at H.
 * - Every transaction that writes a fact table leaves its ID in
 *   <schema>.fact_changes (migrations 0005, 0006), with the residents it touched
 *   (null: it cannot tell whom). While no such transaction is invisible to
 *   the snapshot read, nothing was recorded since.
 * - When some are, a source that can (`refresh`) re-reads just those
 *   residents, at the instant of a new read snapshot; otherwise (or when a
 *   change names nobody, or too many) the whole snapshot is read again.
 * - Facts may carry future instants (a quarantine's planned end): a source
 *   re-reads those residents when the instant comes (`nextDue`), or reports
 *   the earliest one as `validUntil`, from which the snapshot is read again.
 * One read at a time; concurrent callers share it. Instants before H are not
 * its job: callers compute them from the database directly.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { parseTimestamp } from '../db/timestamps.js';
import { componentLogger } from '../http/logger.js';

export interface SnapshotBuild<T> {
  value: T;
  /** The earliest recorded instant after H at which some fact starts or stops holding, unless `refresh` handles it; null when none. */
  validUntil: Date | null;
}

export interface PresentValue<T> {
  value: T;
  /** The instant the value was last brought up to: valid for any T ≥ it until it is replaced. */
  at: Date;
}

/** Re-reading some residents in place of a full read. */
export interface SnapshotRefresh<T> {
  /** The earliest instant at which some resident's own recorded instant comes (Infinity: none). */
  nextDue(value: T): number;
  /** Re-reads, in `tx` at `at`, these residents (changed by writes) and those whose recorded instants have come by `at`. */
  refresh(tx: Db, value: T, changedResidentIds: readonly number[], at: Date): Promise<void>;
}

/** The schemas with a fact_changes log (migrations 0005, 0006). */
export type FactSchema = 'health' | 'population' | 'permits' | 'cases';

/** More changed residents than this: reading everything again is cheaper than one by one. */
const MAX_REFRESHED = 50_000;
/** fact_changes rows are kept this long; a snapshot whose read is older is read whole again rather than caught up. */
const RETENTION_MS = 24 * 3600_000;
/** How often an update also deletes fact_changes rows past the retention (a scan of the log). */
const PRUNE_EVERY_MS = 3600_000;

interface Snapshot<T> extends PresentValue<T> {
  token: string;
  /** When `token` was taken (this process's clock). */
  tokenTakenAt: number;
  validUntil: number;
}

/** Every snapshot of this process, held weakly, for the statistics_snapshot_age_seconds metric (http/metrics.ts). */
const alive = new Set<WeakRef<PresentSnapshot<unknown>>>();

/** One bringing up to date: the whole snapshot read again, or caught up by re-reading the residents that changed. */
export interface SnapshotUpdate {
  schema: string;
  kind: 'whole' | 'catch_up';
  seconds: number;
}
/** Who is told of each update (the statistics_snapshot_update_seconds metric, http/metrics.ts). */
const updateObservers = new Set<(update: SnapshotUpdate) => void>();

const log = componentLogger('statistics');

export class PresentSnapshot<T> {
  private latest: Snapshot<T> | null = null;
  private working: Promise<Snapshot<T>> | null = null;
  /** The first prune waits an hour from creation, so its background delete never overlaps a process starting, or a short one (a test) stopping. */
  private prunedAt = Date.now();

  /**
   * @param schema whose fact_changes table records the writes
   * @param build reads the facts holding at `at` inside the given read-only transaction
   */
  constructor(
    private readonly db: Db,
    private readonly schema: FactSchema,
    private readonly build: (tx: Db, at: Date) => Promise<SnapshotBuild<T>>,
    private readonly incremental?: SnapshotRefresh<T>,
  ) {
    alive.add(new WeakRef(this as PresentSnapshot<unknown>));
  }

  /** Seconds since each schema's snapshot was last read or brought up to date (the oldest when it has several); none before the first read. */
  static ages(now = Date.now()): Map<string, number> {
    const ages = new Map<string, number>();
    for (const ref of alive) {
      const snapshot = ref.deref();
      if (!snapshot) alive.delete(ref);
      else if (snapshot.latest) ages.set(snapshot.schema, Math.max(ages.get(snapshot.schema) ?? 0, (now - snapshot.latest.tokenTakenAt) / 1000));
    }
    return ages;
  }

  /** Tells `observer` of every update of every snapshot of this process from now on. */
  static observeUpdates(observer: (update: SnapshotUpdate) => void): void {
    updateObservers.add(observer);
  }

  /** The snapshot as of `now`, brought up to date first if facts were recorded since or instants have come. */
  async current(now: Date): Promise<PresentValue<T>> {
    while (this.working) await this.working.catch(() => {});
    const latest = this.latest && Date.now() - this.latest.tokenTakenAt < RETENTION_MS ? this.latest : null;
    if (latest && now.getTime() < latest.validUntil) {
      const due = this.incremental !== undefined && this.incremental.nextDue(latest.value) <= now.getTime();
      if (!due && !(await this.changedSince(latest.token))) return latest;
    }
    this.working ??= this.update(latest, now);
    const working = this.working;
    try {
      return await working;
    } finally {
      if (this.working === working) this.working = null;
    }
  }

  private async update(latest: Snapshot<T> | null, now: Date): Promise<Snapshot<T>> {
    const tokenTakenAt = Date.now();
    let kind: SnapshotUpdate['kind'] = 'whole';
    const next = await this.db.transaction(
      async (tx) => {
        // Shared by every request, not one request's work: reading the district whole may outlast a request's deadline.
        await tx.execute(sql`set local statement_timeout = 0`);
        // The first statement fixes the transaction's snapshot; the clock read in it is therefore at or after
        // every commit the snapshot sees (facts are refused with instants in the future, except the planned ones
        // handled by nextDue and validUntil).
        const [start] = await queryRows<{ token: string; at: string }>(tx, sql`select pg_current_snapshot()::text as token, date_trunc('milliseconds', clock_timestamp()) as at`);
        const [token, at] = [start!.token, parseTimestamp(start!.at)];
        if (latest && this.incremental && now.getTime() < latest.validUntil) {
          const changed = await this.changedResidents(tx as unknown as Db, latest.token);
          if (changed !== null) {
            await this.incremental.refresh(tx as unknown as Db, latest.value, changed, at);
            kind = 'catch_up';
            return { ...latest, at, token, tokenTakenAt };
          }
        }
        const built = await this.build(tx as unknown as Db, at);
        return { value: built.value, at, token, tokenTakenAt, validUntil: built.validUntil?.getTime() ?? Infinity };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    this.latest = next;
    const update: SnapshotUpdate = { schema: this.schema, kind, seconds: (Date.now() - tokenTakenAt) / 1000 };
    for (const observe of updateObservers) observe(update);
    // Catching up never reads the whole log again, so without this a steady stream of small writes would grow it forever.
    if (tokenTakenAt - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = tokenTakenAt;
      // Housekeeping, not the caller's answer: after a big import it deletes millions of rows, which no request should wait for.
      this.prune().catch((error: unknown) => log.warn({ err: error, schema: this.schema }, 'pruning fact_changes failed; tried again at the next update an hour on'));
    }
    return next;
  }

  private async prune(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      await tx.execute(sql`delete from ${sql.identifier(this.schema)}.fact_changes where at < now() - ${`${RETENTION_MS / 1000} seconds`}::interval`);
    });
  }

  private async changedSince(token: string): Promise<boolean> {
    return (await queryRows(this.db, changedSinceQuery(this.schema, token))).length > 0;
  }

  /** Residents changed by transactions committed since `token` (as the calling transaction sees them); null: read everything again. */
  private async changedResidents(tx: Db, token: string): Promise<number[] | null> {
    const rows = await queryRows<{ resident_id: string | number | null }>(
      tx,
      sql`select distinct resident_id from ${sql.identifier(this.schema)}.fact_changes where ${invisibleTo(token)} limit ${MAX_REFRESHED + 1}`,
    );
    if (rows.length > MAX_REFRESHED || rows.some((row) => row.resident_id === null)) return null;
    return rows.map((row) => Number(row.resident_id));
  }
}

/**
 * Rows of transactions `token` does not see. The upper bound is true of every row the statement sees (none is of a
 * transaction it does not see), but makes the condition a range: without statistics (a log never analyzed) the
 * planner guesses a range narrow and reads the index, where it guesses a third of the table for `xid >= …` alone
 * and reads all of it.
 */
function invisibleTo(token: string): SQL {
  return sql`xid >= pg_snapshot_xmin(${token}::pg_snapshot) and xid < pg_snapshot_xmax(pg_current_snapshot())
    and not pg_visible_in_snapshot(xid, ${token}::pg_snapshot)`;
}

/**
 * The freshness check, asked before every answer from a snapshot, so it must cost the same whatever the log holds
 * and whether it was ever analyzed: newest first, one row, is a backward walk of the xid index from the newest
 * transaction down to the token's xmin, which no plan can beat by reading the table. (`exists (…)` was planned as
 * a scan of the whole log when it had never been analyzed: 0.3–1.2 s for 6 M rows.) Any row returned: changed.
 */
export function changedSinceQuery(schema: FactSchema, token: string): SQL {
  return sql`select xid from ${sql.identifier(schema)}.fact_changes where ${invisibleTo(token)} order by xid desc limit 1`;
}
