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
import type { HistoryTables, InstantRows, PeriodRows, SampleRows } from './health-history.queries.js';

/** Facts few residents have: instants in ms (Infinity: none), several numbers per fact. */
export interface RareFacts {
  /** Periods after the earliest one: [startedAt, endedAt, community], ascending. */
  periods: number[];
  /** Doses administered at or after `since`: [administeredAt, dose 1's product or −1]. */
  doses: number[];
  /** [startsAt, endsAt] */
  exemptions: number[];
  /** [activeFrom, activeUntil] */
  cases: number[];
  /** [startsAt, endsAt, releasedAt] */
  quarantines: number[];
  /** [startedAt, endedAt, plannedEndAt] */
  observations: number[];
  /** Individual positive samples: [sampledAt, resultAt] */
  positives: number[];
  /** Positive pools: [sampledAt, resultAt] */
  pools: number[];
  /** Individual final results after the earliest positive pool: [sampledAt, resultAt] */
  retests: number[];
}

const rareFacts = (): RareFacts => ({ periods: [], doses: [], exemptions: [], cases: [], quarantines: [], observations: [], positives: [], pools: [], retests: [] });

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

/** Samples of one chunk that fall in the window, waiting for every chunk to be read (their counts size the runs). */
interface PendingSamples {
  row: Uint32Array;
  sampled: CompactInstants;
  resolved: CompactInstants;
  length: number;
}

/**
 * Builds one block: `tables` first (they decide which residents it holds: those in health.people with a period
 * that may hold at or after `since`), then the samples chunk by chunk, then `build`.
 */
export class HistoryBlockBuilder {
  private readonly rowOf: Int32Array;
  private readonly block: Omit<HistoryBlock, 'sampleStart' | 'sampled' | 'resolved'>;
  private readonly pending: PendingSamples[] = [];
  private readonly base: number;

  constructor(
    tables: HistoryTables,
    private readonly since: number,
    communities: CommunityIndex,
  ) {
    // Instants from a day before `since` on are kept: abnormal scans within 24 h of T ≥ since.
    this.base = since - 24 * 3600_000;
    const { people, periods } = tables;
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

    const abnormalStart = this.runStarts(size, tables.abnormalScans.residentId);
    this.block = {
      residentId: Int32Array.from(ids),
      live: new Uint8Array(size).fill(1),
      birth: Int32Array.from(ids, (id) => birthOf[id]!),
      periodStart: new CompactInstants(this.base, size),
      periodEnd: new CompactInstants(this.base, size),
      community: new Uint16Array(size),
      priorSampled: new Float64Array(size).fill(NaN),
      priorResolved: new CompactInstants(this.base, size),
      dosesBefore: new Uint8Array(size),
      productBefore: new Int8Array(size).fill(-1),
      abnormalStart,
      abnormal: new CompactInstants(this.base, abnormalStart[size]!),
      rare: new Map(),
    };
    const block = this.block;
    const next = abnormalStart.slice(0, size);
    tables.abnormalScans.residentId.forEach((id, k) => {
      const row = this.rowOfResident(id);
      if (row >= 0) block.abnormal.set(next[row]!++, tables.abnormalScans.instants[0]![k]!);
    });
    for (let row = 0; row < size; row++) sortRun(block.abnormal, null, abnormalStart[row]!, abnormalStart[row + 1]!);

    this.addPeriods(periods, communities);
    this.addDoses(tables);
    const rare = (field: Exclude<keyof RareFacts, 'periods' | 'doses'>, rows: InstantRows) => {
      for (let k = 0; k < rows.residentId.length; k++) {
        const row = this.rowOfResident(rows.residentId[k]!);
        if (row >= 0) this.rareOf(row)[field].push(...rows.instants.map((column) => column[k]!));
      }
    };
    rare('exemptions', tables.exemptions);
    rare('cases', tables.cases);
    rare('quarantines', tables.quarantines);
    rare('observations', tables.observations);
    rare('positives', tables.positives);
    rare('pools', tables.positivePools);
    rare('retests', tables.poolRetests);
  }

  /** One chunk of samples: kept until the whole table is read (or, before `since`, as the prior sampling). */
  addSamples(samples: SampleRows): void {
    const block = this.block;
    const kept: PendingSamples = {
      row: new Uint32Array(samples.residentId.length),
      sampled: new CompactInstants(this.base, samples.residentId.length),
      resolved: new CompactInstants(this.base, samples.residentId.length),
      length: 0,
    };
    for (let k = 0; k < samples.residentId.length; k++) {
      const row = this.rowOfResident(samples.residentId[k]!);
      if (row < 0) continue;
      const [sampledAt, resultAt] = [samples.sampledAt[k]!, Math.max(samples.resultAt[k]!, this.since)];
      if (sampledAt >= this.since) {
        kept.row[kept.length] = row;
        kept.sampled.set(kept.length, sampledAt);
        kept.resolved.set(kept.length++, resultAt);
      } else if (!(sampledAt < block.priorSampled[row]!)) {
        // The latest sampling instant before `since`: when several samples share it, it is resolved when the last result is in.
        const resolved = sampledAt === block.priorSampled[row] ? Math.max(block.priorResolved.get(row), resultAt) : resultAt;
        block.priorSampled[row] = sampledAt;
        block.priorResolved.set(row, resolved);
      }
    }
    this.pending.push(kept);
  }

  build(): HistoryBlock {
    const size = this.block.residentId.length;
    const sampleStart = new Uint32Array(size + 1);
    for (const chunk of this.pending) for (let k = 0; k < chunk.length; k++) sampleStart[chunk.row[k]! + 1]!++;
    for (let row = 0; row < size; row++) sampleStart[row + 1]! += sampleStart[row]!;
    const [sampled, resolved] = [new CompactInstants(this.base, sampleStart[size]!), new CompactInstants(this.base, sampleStart[size]!)];
    const next = sampleStart.slice(0, size);
    // Each chunk is let go once placed: the table is held twice only while the last one is.
    for (const chunk of this.pending.splice(0)) {
      for (let k = 0; k < chunk.length; k++) {
        const slot = next[chunk.row[k]!]!++;
        sampled.set(slot, chunk.sampled.get(k));
        resolved.set(slot, chunk.resolved.get(k));
      }
    }
    for (let row = 0; row < size; row++) sortRun(sampled, resolved, sampleStart[row]!, sampleStart[row + 1]!);
    return { ...this.block, sampleStart, sampled, resolved };
  }

  private rowOfResident(residentId: number): number {
    return residentId < this.rowOf.length ? this.rowOf[residentId]! : -1;
  }

  private rareOf(row: number): RareFacts {
    let facts = this.block.rare.get(row);
    if (!facts) this.block.rare.set(row, (facts = rareFacts()));
    return facts;
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
    for (let k = 0; k < periods.residentId.length; k++) {
      const row = this.rowOfResident(periods.residentId[k]!);
      if (row < 0) continue;
      const period = [Math.max(periods.startedAt[k]!, this.since), periods.endedAt[k]!, communities.indexOf(periods.communityCode[k]!)];
      if (seen[row]) this.rareOf(row).periods.push(...period);
      else {
        seen[row] = 1;
        this.setPeriod(row, period);
      }
    }
    // A resident with several periods: the earliest is the column, the others follow in order.
    for (const [row, facts] of block.rare) {
      if (facts.periods.length === 0) continue;
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

  private addDoses({ doses }: HistoryTables): void {
    const block = this.block;
    for (let k = 0; k < doses.residentId.length; k++) {
      const row = this.rowOfResident(doses.residentId[k]!);
      if (row < 0) continue;
      const [at, product] = [doses.administeredAt[k]!, doses.firstDoseProduct[k]!];
      if (at >= this.since) this.rareOf(row).doses.push(at, product);
      else {
        if (block.dosesBefore[row] === 0xff) throw new RangeError(`resident ${doses.residentId[k]} has more than 255 doses`);
        block.dosesBefore[row]!++;
        if (product >= 0) block.productBefore[row] = product;
      }
    }
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
