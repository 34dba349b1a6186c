/**
 * The permits' history held in memory (StatisticsHistory): every enterprise
 * with its resumption changes, every permit with its status changes, and the
 * holders' residence periods from the window's start on, as typed columns
 * (about 15 MB for the district's 157 k permits), so the permit indexes at any
 * instant of the window are built in JavaScript instead of read from the
 * database. permitHistoryColumnsAt gives the same columns as permitColumnsAt
 * reads for the instant (permit-indexes.queries.ts; tests compare the two).
 * Pure: no I/O.
 */
import { prefixRange } from '../../shared/snapshot/region-sums.js';
import { PermitIndexColumns, type PermitAtInstant } from './permit-indexes.js';

/** A permit's status after a change, as the indexes need it: only PENDING and APPROVED count. */
export const PERMIT_STATE = { OTHER: 0, PENDING: 1, APPROVED: 2 } as const;

/** Changes of many subjects in one set of columns: subject i's are [offsets[i], offsets[i + 1]), in order (instant, then ID). */
export interface ChangeColumns {
  offsets: Int32Array;
  /** Instant of each change (ms). */
  at: Float64Array;
  /** What holds from it on: a PERMIT_STATE for permits, 1 for APPROVED_TO_RESUME (else 0) for enterprises. */
  state: Uint8Array;
}

export interface PermitHistory {
  /** Every enterprise, in community-code order. */
  enterprises: { communityCodes: string[]; changes: ChangeColumns };
  /** Every permit, in its enterprise's community-code order, then permit ID (permitColumnsAt's order); instants in ms, NaN for none. */
  permits: {
    ids: Float64Array;
    holders: Float64Array;
    /** Its enterprise's position in `enterprises`. */
    enterprise: Int32Array;
    appliedAt: Float64Array;
    validFrom: Float64Array;
    validTo: Float64Array;
    changes: ChangeColumns;
  };
  /** The holders' residence periods that had not ended by the window's start, in resident, then start order (ms; endedAt Infinity while it holds). */
  residences: { residentIds: Float64Array; startedAt: Float64Array; endedAt: Float64Array };
}

/** The columns of the permits and enterprises of these regions (codes of any level) at `at`, from the history. */
export function permitHistoryColumnsAt(history: PermitHistory, regionCodes: readonly string[], at: Date): PermitIndexColumns {
  const t = at.getTime();
  const { enterprises, permits } = history;
  const enterpriseCode = (i: number) => enterprises.communityCodes[i]!;
  // -1: not looked at yet; each enterprise's status at t is found once.
  const resumed = new Int8Array(enterprises.communityCodes.length).fill(-1);
  const resumedAt = (enterprise: number) => {
    if (resumed[enterprise] === -1) resumed[enterprise] = stateAt(enterprises.changes, enterprise, t) === 1 ? 1 : 0;
    return resumed[enterprise] === 1;
  };

  const rows: PermitAtInstant[] = [];
  for (const [start, end] of regionRuns(regionCodes, permits.ids.length, (i) => enterpriseCode(permits.enterprise[i]!))) {
    for (let i = start; i < end; i++) {
      if (permits.appliedAt[i]! > t) continue;
      const state = stateAt(permits.changes, i, t);
      if (state !== PERMIT_STATE.PENDING && state !== PERMIT_STATE.APPROVED) continue;
      if (!livesHereAt(history.residences, permits.holders[i]!, t)) continue;
      rows.push({
        permitId: permits.ids[i]!,
        communityCode: enterpriseCode(permits.enterprise[i]!),
        residentId: permits.holders[i]!,
        status: state === PERMIT_STATE.APPROVED ? 'APPROVED' : 'PENDING',
        validFrom: instant(permits.validFrom[i]!),
        validTo: instant(permits.validTo[i]!),
        enterpriseResumed: resumedAt(permits.enterprise[i]!),
      });
    }
  }
  const resumedCommunities: string[] = [];
  for (const [start, end] of regionRuns(regionCodes, enterprises.communityCodes.length, enterpriseCode)) {
    for (let i = start; i < end; i++) if (resumedAt(i)) resumedCommunities.push(enterpriseCode(i));
  }
  return new PermitIndexColumns(at, rows, resumedCommunities);
}

const instant = (ms: number) => (Number.isNaN(ms) ? null : new Date(ms));

/** The rows [start, end) of any of these regions among `size` rows in community-code order, without overlaps, in order. */
function regionRuns(regionCodes: readonly string[], size: number, codeAt: (row: number) => string): [number, number][] {
  const runs = regionCodes.map((code) => prefixRange(size, codeAt, code)).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of runs) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else if (start < end) merged.push([start, end]);
  }
  return merged;
}

/** The state of subject `i`'s latest change at or before `t`, or -1 when none has come. */
function stateAt(changes: ChangeColumns, i: number, t: number): number {
  let latest = -1;
  for (let k = changes.offsets[i]!; k < changes.offsets[i + 1]! && changes.at[k]! <= t; k++) latest = changes.state[k]!;
  return latest;
}

/** Whether a residence period of the resident holds at `t`. */
function livesHereAt(residences: PermitHistory['residences'], residentId: number, t: number): boolean {
  const { residentIds, startedAt, endedAt } = residences;
  let [low, high] = [0, residentIds.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (residentIds[middle]! < residentId) low = middle + 1;
    else high = middle;
  }
  for (let k = low; k < residentIds.length && residentIds[k] === residentId; k++) {
    if (startedAt[k]! <= t && t < endedAt[k]!) return true;
  }
  return false;
}
