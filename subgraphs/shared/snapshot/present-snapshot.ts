/**
 * A subgraph's statistics "now", read once from the database and kept in
 * memory while it stays exact, so a dashboard refresh costs a scan of typed
 * arrays instead of a scan of millions of rows.
 *
 * Exactness, not a time-to-live, decides when it is rebuilt:
 * - It is read in one REPEATABLE READ transaction at instant H (the database
 *   clock when its snapshot was taken), so it is every fact recorded at H.
 * - Any later transaction that writes a fact table leaves its ID in
 *   <schema>.fact_changes (migration 0005); while no such transaction is
 *   invisible to the snapshot read, nothing was recorded since.
 * - Facts may carry future instants (an exemption that ends next week, a
 *   quarantine's planned end): the builder reports the earliest one after H
 *   as `validUntil`. Before it, the value evaluated at any T ≥ H is the value
 *   the definitions give at T; from it on, the snapshot is rebuilt.
 * A stale snapshot is rebuilt on demand (one build at a time; concurrent
 * callers share it). Instants before H are not its job: callers compute them
 * from the database directly.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { parseTimestamp } from '../db/timestamps.js';

export interface SnapshotBuild<T> {
  value: T;
  /** The earliest recorded instant after H at which some fact starts or stops holding; null when none. */
  validUntil: Date | null;
}

export interface PresentValue<T> {
  value: T;
  /** H: the instant the snapshot describes; valid for any T ≥ H until it is replaced. */
  at: Date;
}

interface Snapshot<T> extends PresentValue<T> {
  token: string;
  validUntil: number;
}

export class PresentSnapshot<T> {
  private latest: Snapshot<T> | null = null;
  private building: Promise<Snapshot<T>> | null = null;

  /**
   * @param schema whose fact_changes table records the writes that make it stale
   * @param build reads the facts holding at `at` inside the given read-only transaction
   * @param catchUp brings a still-exact snapshot up to `now` where only some residents' recorded instants
   *   have come (re-reading just those residents), instead of rebuilding it
   */
  constructor(
    private readonly db: Db,
    private readonly schema: 'health' | 'population' | 'permits',
    private readonly build: (tx: Db, at: Date) => Promise<SnapshotBuild<T>>,
    private readonly catchUp: (db: Db, value: T, now: Date) => Promise<void> = async () => {},
  ) {}

  /** The snapshot as of `now`: rebuilt first if facts were recorded since it was read or its validity ended. */
  async current(now: Date): Promise<PresentValue<T>> {
    // One build or catch-up at a time; callers arriving meanwhile share it.
    while (this.building) await this.building.catch(() => {});
    const latest = this.latest;
    if (latest && now.getTime() < latest.validUntil && !(await this.changedSince(latest.token))) {
      if (!this.building) this.building = this.catchUp(this.db, latest.value, now).then(() => latest);
      return this.settle(this.building);
    }
    if (!this.building) this.building = this.rebuild();
    return this.settle(this.building);
  }

  private async settle(work: Promise<Snapshot<T>>): Promise<Snapshot<T>> {
    try {
      return await work;
    } finally {
      if (this.building === work) this.building = null;
    }
  }

  private async rebuild(): Promise<Snapshot<T>> {
    const snapshot = await this.db.transaction(
      async (tx) => {
        // The first statement fixes the transaction's snapshot; the clock read in it is therefore at or after
        // every commit the snapshot sees (facts are refused with instants in the future, except the few
        // planned ones the builder reports as validUntil).
        const [start] = await queryRows<{ token: string; at: string }>(tx, sql`select pg_current_snapshot()::text as token, date_trunc('milliseconds', clock_timestamp()) as at`);
        const at = parseTimestamp(start!.at);
        const built = await this.build(tx as unknown as Db, at);
        return { value: built.value, at, token: start!.token, validUntil: built.validUntil?.getTime() ?? Infinity };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    this.latest = snapshot;
    return snapshot;
  }

  private async changedSince(token: string): Promise<boolean> {
    const changes = sql.identifier(this.schema);
    const [row] = await queryRows<{ changed: boolean }>(
      this.db,
      sql`select exists (select 1 from ${changes}.fact_changes
            where xid >= pg_snapshot_xmin(${token}::pg_snapshot) and not pg_visible_in_snapshot(xid, ${token}::pg_snapshot)) as changed`,
    );
    return row!.changed;
  }
}
