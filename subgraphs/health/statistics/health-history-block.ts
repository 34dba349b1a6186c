/**
 * A block of the health history (health-history.ts): residents in ascending
 * ID order with their facts that can matter at an instant ≥ `since`, as
 * typed arrays, built from the rows health-history.queries.ts reads (in
 * whatever order the tables hold them).
 *
 * Every resident has a few facts (a residence period, a birth date, samples,
 * doses, abnormal scans): those are columns, samples and abnormal scans in
 * per-resident runs (offsets + values). Few residents have the others
 * (exemptions, cases, quarantines, observations, positive samples, a second
 * period, a dose within the window): those are plain arrays per resident
 * (`rare`). What is kept of each, and why it is exact at any T ≥ since:
 * - periods ending after `since` (or open); a start before `since` is kept as
 *   `since` (only start ≤ T is ever asked);
 * - the samples taken at or after `since`, and the latest sampling instant
 *   before it (`prior`): the latest at or before any T ≥ since is one of them.
 *   A sample's result instant is only asked as "after T?" (pending), so one
 *   before `since` is kept as `since`;
 * - doses before `since` as their count and dose 1's product, later doses each;
 * - abnormal scans from `since` − 1 day (only "within 24 h of T" is asked);
 * - exemptions, cases, quarantines and observations that may hold at or
 *   after `since` (the queries choose them); positive samples all (a positive
 *   pool stays pending until retested, however old), and for residents with a
 *   positive pool their individual final results after it.
 */
import type { CommunityIndex } from '../../shared/snapshot/region-sums.js';
import { CompactInstants } from './compact-instants.js';
import type { DoseRows, InstantRows, PeopleRows, PeriodRows, SampleRows } from './health-history.queries.js';

/** Facts few residents have: instants in ms (Infinity: none), several numbers per fact; a kind the resident has none of is absent. */
export interface RareFacts {
  /** Periods after the earliest one: [startedAt, endedAt, community], ascending. */
  periods?: number[];
  /** Doses administered at or after `since`: [administeredAt, dose 1's product or −1]. */
  doses?: number[];
  /** [startsAt, endsAt] */
  exemptions?: number[];
  /** [activeFrom, activeUntil] */
  cases?: number[];
  /** [startsAt, endsAt, releasedAt] */
  quarantines?: number[];
  /** [startedAt, endedAt, plannedEndAt] */
  observations?: number[];
  /** Individual positive samples: [sampledAt, resultAt] */
  positives?: number[];
  /** Positive pools: [sampledAt, resultAt] */
  pools?: number[];
  /** Individual final results after the earliest positive pool: [sampledAt, resultAt] */
  retests?: number[];
}

export interface HistoryBlock {
  /** Ascending. */
  residentId: Int32Array;
  /** 0 once the resident's facts were read again into a later block (or the resident is gone). */
  live: Uint8Array;
  /** YYYYMMDD */
  birth: Int32Array;
  /** The earliest period that may hold at or after `since` (the others are rare). */
  periodStart: CompactInstants;
  periodEnd: CompactInstants;
  /** Index in the history's CommunityIndex. */
  community: Uint16Array;
  /** The latest sampling instant before `since` (NaN: none), and when its results were all in. */
  priorSampled: Float64Array;
  priorResolved: CompactInstants;
  dosesBefore: Uint8Array;
  /** Dose 1's product when it was administered before `since` (index in VACCINE_PRODUCTS), else −1. */
  productBefore: Int8Array;
  /** Row i's samples are sampleStart[i] … sampleStart[i + 1] − 1, by sampling instant (one entry per sample). */
  sampleStart: Uint32Array;
  sampled: CompactInstants;
  /** The sample's result_at (Infinity: none yet). */
  resolved: CompactInstants;
  /** Row i's abnormal scans are abnormalStart[i] … abnormalStart[i + 1] − 1, ascending. */
  abnormalStart: Uint32Array;
  abnormal: CompactInstants;
  /** By row. */
  rare: Map<number, RareFacts>;
  /** 1 for the rows `rare` has (a typed-array read per resident instead of a map lookup). */
  hasRare: Uint8Array;
}

/** The row of a resident in the block, or −1. */
export function rowInBlock(block: HistoryBlock, residentId: number): number {
  let [low, high] = [0, block.residentId.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (block.residentId[middle]! < residentId) low = middle + 1;
    else high = middle;
  }
  return block.residentId[low] === residentId ? low : -1;
}

/** Bytes the block's columns hold (its rare facts are a few small arrays). */
export function blockBytes(block: HistoryBlock): number {
  let bytes = 0;
  for (const value of Object.values(block)) {
    if (ArrayBuffer.isView(value)) bytes += value.byteLength;
    else if (value instanceof CompactInstants) bytes += value.bytes;
  }
  return bytes;
}

/**
 * Builds one block from the tables as they are read: people and periods first (they decide which residents it
 * holds: those in health.people with a period that may hold at or after `since`), then the other tables in any
 * order, then the residents of the samples taken at or after `since` (countSamples, which sizes each resident's
 * run), then every sample (addSamples, placed straight into its run: the table is never held twice), then `build`.
 */
export class HistoryBlockBuilder {
  private readonly rowOf: Int32Array;
  private readonly block: Omit<HistoryBlock, 'sampled' | 'resolved'>;
  private samples: { sampled: CompactInstants; resolved: CompactInstants; next: Uint32Array } | null = null;
  private readonly base: number;

  constructor(
    people: PeopleRows,
    periods: PeriodRows,
    private readonly since: number,
    communities: CommunityIndex,
  ) {
    // Instants from a day before `since` on are kept: abnormal scans within 24 h of T ≥ since.
    this.base = since - 24 * 3600_000;
    let maxId = 0;
    for (const id of people.residentId) maxId = Math.max(maxId, id);
    const birthOf = new Int32Array(maxId + 1);
    for (let k = 0; k < people.residentId.length; k++) birthOf[people.residentId[k]!] = people.birth[k]!;
    const housed = new Uint8Array(maxId + 1);
    for (const id of periods.residentId) if (id <= maxId && birthOf[id] !== 0) housed[id] = 1;
    // Rows in ascending ID order without sorting: walk the IDs.
    this.rowOf = new Int32Array(maxId + 1).fill(-1);
    const ids: number[] = [];
    for (let id = 0; id <= maxId; id++) if (housed[id]) this.rowOf[id] = ids.push(id) - 1;
    const size = ids.length;
    this.block = {
      residentId: Int32Array.from(ids),
      live: new Uint8Array(size).fill(1),
      birth: new Int32Array(size),
      periodStart: new CompactInstants(this.base, size),
      periodEnd: new CompactInstants(this.base, size),
      community: new Uint16Array(size),
      priorSampled: new Float64Array(size).fill(NaN),
      priorResolved: new CompactInstants(this.base, size),
      dosesBefore: new Uint8Array(size),
      productBefore: new Int8Array(size).fill(-1),
      sampleStart: new Uint32Array(size + 1),
      abnormalStart: new Uint32Array(size + 1),
      abnormal: new CompactInstants(this.base, 0),
      rare: new Map(),
      hasRare: new Uint8Array(size),
    };
    ids.forEach((id, row) => (this.block.birth[row] = birthOf[id]!));
    this.addPeriods(periods, communities);
  }

  /** Doses before `since` (counted, with dose 1's product) or at or after it (each kept). */
  addDoses(doses: DoseRows): void {
    const block = this.block;
    for (let k = 0; k < doses.residentId.length; k++) {
      const row = this.rowOfResident(doses.residentId[k]!);
      if (row < 0) continue;
      const product = doses.firstDoseProduct[k]!;
      if (doses.administeredAt) this.rare(row, 'doses').push(doses.administeredAt[k]!, product);
      else {
        if (block.dosesBefore[row] === 0xff) throw new RangeError(`resident ${doses.residentId[k]} has more than 255 doses`);
        block.dosesBefore[row]!++;
        if (product >= 0) block.productBefore[row] = product;
      }
    }
  }

  addAbnormalScans(scans: InstantRows): void {
    const block = this.block;
    const start = block.abnormalStart;
    const rows = new Int32Array(scans.residentId.length);
    scans.residentId.forEach((id, k) => (rows[k] = this.rowOfResident(id)));
    for (const row of rows) if (row >= 0) start[row + 1]!++;
    for (let row = 1; row < start.length; row++) start[row]! += start[row - 1]!;
    block.abnormal = new CompactInstants(this.base, start[start.length - 1]!);
    const next = start.slice(0, start.length - 1);
    rows.forEach((row, k) => {
      if (row >= 0) block.abnormal.set(next[row]!++, scans.instants[0]![k]!);
    });
    for (let row = 0; row + 1 < start.length; row++) sortRun(block.abnormal, null, start[row]!, start[row + 1]!);
  }

  addRare(kind: Exclude<keyof RareFacts, 'periods' | 'doses'>, facts: InstantRows): void {
    for (let k = 0; k < facts.residentId.length; k++) {
      const row = this.rowOfResident(facts.residentId[k]!);
      if (row >= 0) this.rare(row, kind).push(...facts.instants.map((column) => column[k]!));
    }
  }

  /** The residents of a chunk of the samples taken at or after `since`. */
  countSamples(residentIds: Int32Array): void {
    const start = this.block.sampleStart;
    for (const id of residentIds) {
      const row = this.rowOfResident(id);
      if (row >= 0) start[row + 1]!++;
    }
  }

  /** A chunk of samples: placed in their runs (or, before `since`, kept as the prior sampling). */
  addSamples(samples: SampleRows): void {
    const block = this.block;
    const { sampled, resolved, next } = (this.samples ??= this.sampleRuns());
    for (let k = 0; k < samples.length; k++) {
      const row = this.rowOfResident(samples.residentId(k));
      if (row < 0) continue;
      const [sampledAt, resultAt] = [samples.sampledAt(k), Math.max(samples.resultAt(k), this.since)];
      if (sampledAt >= this.since) {
        if (next[row] === block.sampleStart[row + 1]) throw new Error(`samples of resident ${samples.residentId(k)} were not counted (read outside one snapshot?)`);
        sampled.set(next[row]!, sampledAt);
        resolved.set(next[row]!++, resultAt);
      } else if (!(sampledAt < block.priorSampled[row]!)) {
        // The latest sampling instant before `since`: when several samples share it, it is resolved when the last result is in.
        const resolvedAt = sampledAt === block.priorSampled[row] ? Math.max(block.priorResolved.get(row), resultAt) : resultAt;
        block.priorSampled[row] = sampledAt;
        block.priorResolved.set(row, resolvedAt);
      }
    }
  }

  build(): HistoryBlock {
    const { sampled, resolved } = (this.samples ??= this.sampleRuns());
    const start = this.block.sampleStart;
    for (let row = 0; row + 1 < start.length; row++) sortRun(sampled, resolved, start[row]!, start[row + 1]!);
    return { ...this.block, sampled, resolved };
  }

  /** The runs counted, as offsets, and room for them. */
  private sampleRuns() {
    const start = this.block.sampleStart;
    for (let row = 1; row < start.length; row++) start[row]! += start[row - 1]!;
    const total = start[start.length - 1]!;
    return { sampled: new CompactInstants(this.base, total), resolved: new CompactInstants(this.base, total), next: start.slice(0, start.length - 1) };
  }

  private rowOfResident(residentId: number): number {
    return residentId < this.rowOf.length ? this.rowOf[residentId]! : -1;
  }

  /** The row's rare facts of a kind, to add to. */
  private rare(row: number, kind: keyof RareFacts): number[] {
    let facts = this.block.rare.get(row);
    if (!facts) {
      this.block.rare.set(row, (facts = {}));
      this.block.hasRare[row] = 1;
    }
    return (facts[kind] ??= []);
  }

  /** Where each row's run of these residents' values starts (values of residents not in the block are dropped). */
  private runStarts(size: number, residentIds: Int32Array): Uint32Array {
    const start = new Uint32Array(size + 1);
    for (const id of residentIds) {
      const row = this.rowOfResident(id);
      if (row >= 0) start[row + 1]!++;
    }
    for (let row = 0; row < size; row++) start[row + 1]! += start[row]!;
    return start;
  }

  private addPeriods(periods: PeriodRows, communities: CommunityIndex): void {
    const block = this.block;
    const seen = new Uint8Array(block.residentId.length);
    const community = periods.communityCodes.map((code) => communities.indexOf(code));
    for (let k = 0; k < periods.residentId.length; k++) {
      const row = this.rowOfResident(periods.residentId[k]!);
      if (row < 0) continue;
      const period = [Math.max(periods.startedAt[k]!, this.since), periods.endedAt[k]!, community[periods.community[k]!]!];
      if (seen[row]) this.rare(row, 'periods').push(...period);
      else {
        seen[row] = 1;
        this.setPeriod(row, period);
      }
    }
    // A resident with several periods: the earliest is the column, the others follow in order.
    for (const [row, facts] of block.rare) {
      if (!facts.periods) continue;
      const all = [[block.periodStart.get(row), block.periodEnd.get(row), block.community[row]!], ...chunked(facts.periods, 3)].sort((a, b) => a[0]! - b[0]!);
      this.setPeriod(row, all[0]!);
      facts.periods = all.slice(1).flat();
    }
  }

  private setPeriod(row: number, [start, end, community]: number[]): void {
    this.block.periodStart.set(row, start!);
    this.block.periodEnd.set(row, end!);
    this.block.community[row] = community!;
  }
}

/** [a, b, c, d, …] as [[a, b, c], [d, …], …]. */
function chunked(values: number[], width: number): number[][] {
  const chunks: number[][] = [];
  for (let k = 0; k < values.length; k += width) chunks.push(values.slice(k, k + width));
  return chunks;
}

/** Sorts slots [from, to) of `keys` ascending, moving `values` along (insertion sort: runs are short and nearly sorted). */
function sortRun(keys: CompactInstants, values: CompactInstants | null, from: number, to: number): void {
  for (let k = from + 1; k < to; k++) {
    const [key, value] = [keys.get(k), values?.get(k) ?? 0];
    let j = k - 1;
    if (!(keys.get(j) > key)) continue;
    for (; j >= from && keys.get(j) > key; j--) {
      keys.set(j + 1, keys.get(j));
      values?.set(j + 1, values.get(j));
    }
    keys.set(j + 1, key);
    values?.set(j + 1, value);
  }
}
