/**
 * The resumed-work database as pure rules (no I/O): the active permits a
 * region's resumedWorkers index counts, grouped by holder, so the list has
 * exactly as many entries as the index, and the order it is paged in.
 */
import type { ActivePermit } from '../statistics/permit-indexes.js';

/** One holder of active permits in the region. */
export interface ResumedHolder {
  residentId: number;
  /** The earliest validFrom of their active permits in the region. */
  since: Date;
  /** The latest validTo of their active permits in the region. */
  until: Date;
  /** Their active permits in the region, newest validFrom first (then higher ID). */
  permitIds: number[];
}

const newestFirst = (a: ActivePermit, b: ActivePermit) => b.validFrom.getTime() - a.validFrom.getTime() || b.permitId - a.permitId;

/** The holders behind the active permits, most recently resumed first (since descending, then higher resident ID). */
export function resumedHolders(active: readonly ActivePermit[]): ResumedHolder[] {
  const byHolder = new Map<number, ActivePermit[]>();
  for (const permit of active) byHolder.set(permit.residentId, [...(byHolder.get(permit.residentId) ?? []), permit]);
  return [...byHolder.entries()]
    .map(([residentId, permits]): ResumedHolder => {
      const sorted = [...permits].sort(newestFirst);
      return {
        residentId,
        since: new Date(Math.min(...sorted.map((p) => p.validFrom.getTime()))),
        until: new Date(Math.max(...sorted.map((p) => p.validTo.getTime()))),
        permitIds: sorted.map((p) => p.permitId),
      };
    })
    .sort(compareHolders);
}

/** The list's order: since descending, then resident ID descending. */
export function compareHolders(a: Pick<ResumedHolder, 'since' | 'residentId'>, b: Pick<ResumedHolder, 'since' | 'residentId'>): number {
  return b.since.getTime() - a.since.getTime() || b.residentId - a.residentId;
}
