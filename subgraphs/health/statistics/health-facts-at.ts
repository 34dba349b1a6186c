/**
 * A resident's facts at an instant T from the health history
 * (health-history-block.ts), exactly as healthFactsAt
 * (health-code/health-facts.queries.ts) gathers them in SQL at T; each step
 * names the SQL it stands for. The facts then go the same way as the SQL
 * path's: HealthIndexColumns.addRow, the health-code rules. T is at or after
 * the history's `since`, which is what makes the kept facts enough.
 */
import type { HealthFacts } from '../health-code/rules.js';
import { VACCINE_PRODUCTS } from '../vaccination/vaccination.rules.js';
import { EXPOSURE_LOOKBACK_HOURS } from '../venue/venue.queries.js';
import type { CompactInstants } from './compact-instants.js';
import type { HistoryBlock, RareFacts } from './health-history-block.js';
import type { ExposureRows } from './health-history.queries.js';
import type { RowFacts } from './health-row.js';

const HOUR = 3600_000;
const NONE: readonly number[] = [];

/** exposureScansOf at T: per resident, the scans that are venue exposures known at T, oldest first (see readExposures). */
export function exposuresAt(exposures: ExposureRows, t: number): Map<number, Date[]> {
  const byResident = new Map<number, Date[]>();
  for (let k = 0; k < exposures.residentId.length; k++) {
    const scannedAt = exposures.scannedAt[k]!;
    if (exposures.knownFrom[k]! <= t && t <= scannedAt + EXPOSURE_LOOKBACK_HOURS * HOUR) {
      const id = exposures.residentId[k]!;
      byResident.set(id, [...(byResident.get(id) ?? []), new Date(scannedAt)].sort((a, b) => a.getTime() - b.getTime()));
    }
  }
  return byResident;
}

/** Reads residents' facts at T, one after the other, into one RowFacts (a district's worth allocates nothing for most). */
export class FactsAt {
  readonly row: RowFacts = {
    residentId: 0,
    communityCode: '',
    birth: 0,
    exempt: false,
    lastSampledAt: NaN,
    latestResultPending: false,
    lastIndividualPositiveAt: NaN,
    lastAbnormalScanAt: NaN,
    underObservation: false,
    activeCase: false,
    closeContact: false,
    doses: 0,
    firstDoseProduct: null,
  };
  /** 1 for each resident ID with venue exposures at T (a typed-array read per resident instead of a map lookup). */
  private readonly exposed: Uint8Array;

  /**
   * @param communities the history's community codes
   * @param inRegions per community: 1 when it lies in one of the regions asked for
   * @param exposures exposuresAt(T)
   */
  constructor(
    private readonly t: number,
    private readonly communities: readonly string[],
    private readonly inRegions: Uint8Array,
    private readonly exposures: ReadonlyMap<number, Date[]>,
    maxResidentId: number,
  ) {
    this.exposed = new Uint8Array(maxResidentId + 1);
    for (const id of exposures.keys()) if (id <= maxResidentId) this.exposed[id] = 1;
  }

  /**
   * Reads row i of the block at T into `row`: false when the resident does not live at T in one of the regions;
   * otherwise the facts the health-code rules take, or null when the resident has none that need the rules
   * whole (no positive pool or venue exposure: see PlainCodes).
   */
  read(block: HistoryBlock, i: number): HealthFacts | null | false {
    const t = this.t;
    const rare = block.hasRare[i] ? block.rare.get(i)! : null;
    // subjects: a residence period with started_at ≤ T < ended_at (null: open), in one of the regions.
    let community = block.periodStart.get(i) <= t && t < block.periodEnd.get(i) ? block.community[i]! : -1;
    const periods = rare?.periods ?? NONE;
    for (let k = 0; community < 0 && k < periods.length; k += 3) {
      if (periods[k]! <= t && t < periods[k + 1]!) community = periods[k + 2]!;
    }
    if (community < 0 || this.inRegions[community] === 0) return false;

    const row = this.row;
    row.residentId = block.residentId[i]!;
    row.communityCode = this.communities[community]!;
    row.birth = block.birth[i]!;
    // sampled: last_sampled_at = max(sampled_at ≤ T); pending when some sample taken at that instant has no
    // result at T (last_unresulted_sampled_at, the max over those with result_at null or > T, is the same instant).
    const { sampled, resolved: results } = block;
    const first = block.sampleStart[i]!;
    let k = latestAtOrBefore(sampled, first, block.sampleStart[i + 1]!, t);
    if (k >= first) {
      row.lastSampledAt = sampled.get(k);
      let resolved = results.get(k);
      for (k--; k >= first && sampled.get(k) === row.lastSampledAt; k--) resolved = Math.max(resolved, results.get(k));
      row.latestResultPending = resolved > t;
    } else {
      row.lastSampledAt = block.priorSampled[i]!;
      row.latestResultPending = !Number.isNaN(row.lastSampledAt) && block.priorResolved.get(i) > t;
    }
    // abnormal: max(scanned_at ≤ T) of non-GREEN scans (only its being within 24 h of T is read, so later history suffices).
    const scan = latestAtOrBefore(block.abnormal, block.abnormalStart[i]!, block.abnormalStart[i + 1]!, t);
    row.lastAbnormalScanAt = scan >= block.abnormalStart[i]! ? block.abnormal.get(scan) : NaN;
    // dosed: doses administered ≤ T, and the product of dose 1 among them.
    row.doses = block.dosesBefore[i]!;
    let product = block.productBefore[i]!;
    const doses = rare?.doses ?? NONE;
    for (let k = 0; k < doses.length; k += 2) {
      if (doses[k]! > t) continue;
      row.doses++;
      if (doses[k + 1]! >= 0) product = doses[k + 1]!;
    }
    row.firstDoseProduct = product >= 0 ? VACCINE_PRODUCTS[product]! : null;
    row.exempt = false;
    row.lastIndividualPositiveAt = NaN;
    row.underObservation = row.activeCase = row.closeContact = false;
    const exposureScans = this.exposed[row.residentId] === 1 ? this.exposures.get(row.residentId)! : null;
    if (!rare) return exposureScans ? this.facts(null, exposureScans) : null;

    // exemptResidentIds: an exemption with starts_at ≤ T < ends_at (null: open).
    row.exempt = earliestHolding(rare.exemptions, 2, t) !== null;
    // sampled: last_individual_positive_at = max(result_at) of SINGLE POSITIVE samples with sampled_at ≤ T and result_at ≤ T.
    const positives = rare.positives ?? NONE;
    for (let k = 0; k < positives.length; k += 2) {
      const resultAt = positives[k + 1]!;
      if (positives[k]! <= t && resultAt <= t && !(resultAt <= row.lastIndividualPositiveAt)) row.lastIndividualPositiveAt = resultAt;
    }
    // activeCaseStarts: min(active_from) of cases with active_from ≤ T < active_until (null: open).
    row.activeCase = earliestHolding(rare.cases, 2, t) !== null;
    // quarantineStarts: min(starts_at) of quarantines with starts_at ≤ T < ends_at and T < released_at (null: not released).
    row.closeContact = earliestHolding(rare.quarantines, 3, t) !== null;
    // homeObservationStarts: min(started_at) of observations with started_at ≤ T < ended_at (null: open) and T < planned_end_at.
    row.underObservation = earliestHolding(rare.observations, 3, t) !== null;
    return exposureScans !== null || rare.pools !== undefined ? this.facts(rare, exposureScans ?? []) : null;
  }

  /** The facts the rules take whole; null when no positive pool is known at T and no exposure holds after all. */
  private facts(rare: RareFacts | null, exposureScans: Date[]): HealthFacts | null {
    const t = this.t;
    const pools = positivePoolsAt(rare?.pools ?? NONE, rare?.retests ?? NONE, t);
    if (exposureScans.length === 0 && pools.positivePools.length === 0) return null;
    const dateOf = (ms: number | null) => (ms === null || Number.isNaN(ms) ? null : new Date(ms));
    return {
      exempt: this.row.exempt,
      lastSampledAt: dateOf(this.row.lastSampledAt),
      ...pools,
      activeCaseSince: dateOf(earliestHolding(rare?.cases, 2, t)),
      closeContactSince: dateOf(earliestHolding(rare?.quarantines, 3, t)),
      homeObservationSince: dateOf(earliestHolding(rare?.observations, 3, t)),
      exposureScans,
    };
  }
}

/** The last slot in [from, to) of an ascending run whose instant is ≤ t (from − 1: none). */
function latestAtOrBefore(instants: CompactInstants, from: number, to: number, t: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (instants.get(middle) <= t) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * poolFactsOf at T: when some POOLED POSITIVE sample has sampled_at ≤ T and result_at ≤ T (has_positive_pool),
 * the pools with result_at ≤ T, and the SINGLE final results with result_at ≤ T taken after the earliest of them.
 */
function positivePoolsAt(pools: readonly number[], retests: readonly number[], t: number): Pick<HealthFacts, 'positivePools' | 'individualFinalResults'> {
  let known = false;
  for (let k = 0; k < pools.length; k += 2) if (pools[k]! <= t && pools[k + 1]! <= t) known = true;
  if (!known) return { positivePools: [], individualFinalResults: [] };
  const resultsBy = (facts: readonly number[]) => {
    const results: { sampledAt: Date; resultAt: Date }[] = [];
    for (let k = 0; k < facts.length; k += 2) if (facts[k + 1]! <= t) results.push({ sampledAt: new Date(facts[k]!), resultAt: new Date(facts[k + 1]!) });
    return results;
  };
  const positivePools = resultsBy(pools);
  const firstPool = Math.min(...positivePools.map((pool) => pool.sampledAt.getTime()));
  return { positivePools, individualFinalResults: resultsBy(retests).filter((result) => result.sampledAt.getTime() > firstPool) };
}

/**
 * Facts of `width` instants each that hold from their first instant (included) until the earliest of the
 * others (excluded; Infinity: none): the least first instant of those holding at T, or null when none does.
 */
function earliestHolding(facts: readonly number[] | undefined, width: number, t: number): number | null {
  let earliest: number | null = null;
  for (let k = 0; facts && k < facts.length; k += width) {
    let holds = facts[k]! <= t;
    for (let j = 1; holds && j < width; j++) holds = t < facts[k + j]!;
    if (holds && (earliest === null || facts[k]! < earliest)) earliest = facts[k]!;
  }
  return earliest;
}
