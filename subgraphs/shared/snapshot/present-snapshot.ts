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
   */
  constructor(
    private readonly db: Db,
    private readonly schema: 'health' | 'population' | 'permits',
    private readonly build: (tx: Db, at: Date) => Promise<SnapshotBuild<T>>,
  ) {}

  /** The snapshot, rebuilt first if facts were recorded since it was read or one of its facts' instants has come. */
  async current(): Promise<PresentValue<T>> {
    if (this.building) return this.building;
    const latest = this.latest;
    if (latest && Date.now() < latest.validUntil && !(await this.changedSince(latest.token))) return latest;
    if (!this.building) {
      this.building = this.rebuild().finally(() => {
        this.building = null;
      });
    }
    return this.building;
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
