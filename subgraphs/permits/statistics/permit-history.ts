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
import { prefixRange, type CommunityIndex } from '../../shared/snapshot/region-sums.js';
import { PermitIndexColumns, type PermitColumns } from './permit-indexes.js';

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
  enterprises: { communities: CommunityIndex; community: Uint16Array; changes: ChangeColumns };
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
    /** The holder's residence periods that had not ended by the window's start: permit i's are [offsets[i], offsets[i + 1]) (ms; endedAt Infinity while it holds). */
    residences: { offsets: Int32Array; startedAt: Float64Array; endedAt: Float64Array };
  };
}

/** The columns of the permits and enterprises of these regions (codes of any level) at `at`, from the history. */
export function permitHistoryColumnsAt(history: PermitHistory, regionCodes: readonly string[], at: Date): PermitIndexColumns {
  const t = at.getTime();
  const { enterprises, permits } = history;
  const enterpriseCode = (i: number) => enterprises.communities.codes[enterprises.community[i]!]!;
  // -1: not looked at yet; each enterprise's status at t is found once.
  const resumed = new Int8Array(enterprises.community.length).fill(-1);
  const resumedAt = (enterprise: number) => {
    if (resumed[enterprise] === -1) resumed[enterprise] = stateAt(enterprises.changes, enterprise, t) === 1 ? 1 : 0;
    return resumed[enterprise]!;
  };

  // The permits counted at t (PENDING or APPROVED, the holder living here), gathered straight into columns.
  const n = permits.ids.length;
  const gathered = {
    community: new Uint16Array(n),
    permitId: new Float64Array(n),
    holder: new Int32Array(n),
    approved: new Uint8Array(n),
    enterpriseResumed: new Uint8Array(n),
    validFrom: new Float64Array(n),
    validTo: new Float64Array(n),
  };
  let count = 0;
  for (const [start, end] of regionRuns(regionCodes, n, (i) => enterpriseCode(permits.enterprise[i]!))) {
    for (let i = start; i < end; i++) {
      if (permits.appliedAt[i]! > t) continue;
      const state = stateAt(permits.changes, i, t);
      if (state !== PERMIT_STATE.PENDING && state !== PERMIT_STATE.APPROVED) continue;
      if (!holderLivesHereAt(permits.residences, i, t)) continue;
      const enterprise = permits.enterprise[i]!;
      gathered.community[count] = enterprises.community[enterprise]!;
      gathered.permitId[count] = permits.ids[i]!;
      gathered.holder[count] = permits.holders[i]!;
      gathered.approved[count] = state === PERMIT_STATE.APPROVED ? 1 : 0;
      gathered.enterpriseResumed[count] = resumedAt(enterprise);
      gathered.validFrom[count] = permits.validFrom[i]!;
      gathered.validTo[count] = permits.validTo[i]!;
      count++;
    }
  }
  const columns: PermitColumns = {
    communities: enterprises.communities,
    community: gathered.community.subarray(0, count),
    permitId: gathered.permitId.subarray(0, count),
    holder: gathered.holder.subarray(0, count),
    approved: gathered.approved.subarray(0, count),
    enterpriseResumed: gathered.enterpriseResumed.subarray(0, count),
    validFrom: gathered.validFrom.subarray(0, count),
    validTo: gathered.validTo.subarray(0, count),
  };
  const resumedCommunities: string[] = [];
  for (const [start, end] of regionRuns(regionCodes, enterprises.community.length, enterpriseCode)) {
    for (let i = start; i < end; i++) if (resumedAt(i)) resumedCommunities.push(enterpriseCode(i));
  }
  return new PermitIndexColumns(at, columns, resumedCommunities);
}

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

/** Whether a residence period of permit `i`'s holder holds at `t`. */
function holderLivesHereAt(residences: PermitHistory['permits']['residences'], i: number, t: number): boolean {
  for (let k = residences.offsets[i]!; k < residences.offsets[i + 1]!; k++) {
    if (residences.startedAt[k]! <= t && t < residences.endedAt[k]!) return true;
  }
  return false;
}
