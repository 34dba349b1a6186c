/**
 * A subgraph's fact history held in memory, so a past instant within the
 * window (the last `days` days) is answered by evaluating that history in
 * JavaScript instead of re-reading millions of rows for the instant.
 *
 * The history is every fact that can matter at some instant of the window,
 * with its instants (a sample's sampling and result instants, a period's start
 * and end, …), read once and kept exact the same way as a present snapshot
 * (PresentSnapshot): writes leave their residents in fact_changes, and those
 * residents' history alone is read again. Nothing in it moves with time by
 * itself, so it never falls due. Columns at T built from it are the same
 * columns the database path builds for T (checked by the index checker and
 * by tests comparing both paths), so every index and list keeps one
 * evaluation.
 */
import type { Db } from '../db/database.js';
import { PresentSnapshot, type PresentValue } from './present-snapshot.js';

const DAY = 24 * 3600_000;

export interface HistorySource<H, C> {
  /** Whose fact_changes table tells of writes. */
  schema: 'health' | 'population' | 'permits' | 'cases';
  /** Reads, in `tx`, the history of every resident: every fact that can matter at an instant ≥ `since`. */
  load(tx: Db, since: Date): Promise<H>;
  /**
   * Reads these residents' history again (writes changed it), in `tx`, replacing what `history` held of them.
   * Resolves with the earliest instant at which their facts differ from what was held (Infinity: nowhere), so
   * answers for earlier instants stay valid; nothing (undefined) when it cannot tell.
   */
  reload(tx: Db, history: H, residentIds: readonly number[], since: Date): Promise<number | void>;
  /** The columns of the residents living at `at` in any of these regions, from the history (`since` ≤ at ≤ when it was read). */
  columnsAt(history: H, regionCodes: readonly string[], at: Date): C;
}

/** Long-lived, one per subgraph, beside its present snapshot. */
export class StatisticsHistory<H, C> {
  private readonly snapshot: PresentSnapshot<H>;
  /** The window's start when the history was last read whole: it holds what matters from there on. */
  private loadedSince = 0;
  /** The history as last brought up to date. */
  private latest: PresentValue<H> | null = null;

  /**
   * @param days how far back past instants are answered from memory (older ones from the database)
   * @param changed told, after each read, from which instant on the facts held may differ from before
   */
  constructor(
    db: Db,
    private readonly source: HistorySource<H, C>,
    private readonly days: number,
    changed: (from: number) => void,
  ) {
    this.snapshot = new PresentSnapshot(
      db,
      source.schema,
      async (tx, at) => {
        this.loadedSince = at.getTime() - days * DAY;
        const value = await source.load(tx, new Date(this.loadedSince));
        changed(-Infinity);
        return { value, validUntil: null };
      },
      {
        nextDue: () => Infinity,
        refresh: async (tx, history, residentIds) => {
          if (residentIds.length === 0) return;
          const from = await source.reload(tx, history, residentIds, new Date(this.loadedSince));
          changed(typeof from === 'number' ? from : -Infinity);
        },
      },
    );
  }

  /** Starts reading the history (at start, so the first past instant asked for does not wait for it). */
  warm(): Promise<unknown> {
    return this.bringUpToDate();
  }

  /** Reads the writes since the history was last brought up to date (a request does this once, whatever it asks). */
  async bringUpToDate(): Promise<void> {
    this.latest = await this.snapshot.current(new Date());
  }

  /** Whether the history, as last brought up to date, answers for the past instant `at` (else the database does). */
  covers(at: Date): boolean {
    const t = at.getTime();
    return this.latest !== null && this.days > 0 && t >= Date.now() - this.days * DAY && t >= this.loadedSince && t <= this.latest.at.getTime();
  }

  /** The columns at a past instant `at` that the history covers. */
  columnsAt(regionCodes: readonly string[], at: Date): C {
    if (!this.covers(at)) throw new RangeError(`the history does not cover ${at.toISOString()}`);
    return this.source.columnsAt(this.latest!.value, regionCodes, at);
  }
}
