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
import type { HistoryBlock, RareFacts } from './health-history-block.js';
import type { ExposureRows } from './health-history.queries.js';
import type { RowFacts } from './health-row.js';

const HOUR = 3600_000;

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
    doses: 0,
    firstDoseProduct: null,
  };

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
  ) {}

  /**
   * Reads row i of the block at T into `row`: false when the resident does not live at T in one of the regions;
   * otherwise the facts the health-code rules take, or null when the resident has none that need the rules
   * whole (no active case, positive pool, quarantine, home observation or venue exposure: see PlainCodes).
   */
  read(block: HistoryBlock, i: number): HealthFacts | null | false {
    const t = this.t;
    const rare = block.rare.get(i);
    // subjects: a residence period with started_at ≤ T < ended_at (null: open), in one of the regions.
    let community = block.periodStart.get(i) <= t && t < block.periodEnd.get(i) ? block.community[i]! : -1;
    for (let k = 0; community < 0 && rare && k < rare.periods.length; k += 3) {
      if (rare.periods[k]! <= t && t < rare.periods[k + 1]!) community = rare.periods[k + 2]!;
    }
    if (community < 0 || !this.inRegions[community]) return false;

    const row = this.row;
    row.residentId = block.residentId[i]!;
    row.communityCode = this.communities[community]!;
    row.birth = block.birth[i]!;
    // sampled: last_sampled_at = max(sampled_at ≤ T); pending when some sample taken at that instant has no
    // result at T (last_unresulted_sampled_at, the max over those with result_at null or > T, is the same instant).
    let last = block.priorSampled[i]!;
    let resolved = Number.isNaN(last) ? -Infinity : block.priorResolved.get(i);
    for (let k = block.sampleStart[i]!; k < block.sampleStart[i + 1]!; k++) {
      const sampledAt = block.sampled.get(k);
      if (sampledAt > t) break;
      resolved = sampledAt === last ? Math.max(resolved, block.resolved.get(k)) : block.resolved.get(k);
      last = sampledAt;
    }
    row.lastSampledAt = last;
    row.latestResultPending = resolved > t;
    // abnormal: max(scanned_at ≤ T) of non-GREEN scans (only its being within 24 h of T is read, so later history suffices).
    row.lastAbnormalScanAt = NaN;
    for (let k = block.abnormalStart[i]!; k < block.abnormalStart[i + 1]!; k++) {
      const scannedAt = block.abnormal.get(k);
      if (scannedAt > t) break;
      row.lastAbnormalScanAt = scannedAt;
    }
    // dosed: doses administered ≤ T, and the product of dose 1 among them.
    row.doses = block.dosesBefore[i]!;
    let product = block.productBefore[i]!;
    for (let k = 0; rare && k < rare.doses.length; k += 2) {
      if (rare.doses[k]! > t) continue;
      row.doses++;
      if (rare.doses[k + 1]! >= 0) product = rare.doses[k + 1]!;
    }
    row.firstDoseProduct = product >= 0 ? VACCINE_PRODUCTS[product]! : null;
    row.exempt = false;
    row.lastIndividualPositiveAt = NaN;
    row.underObservation = false;
    const exposureScans = this.exposures.get(row.residentId);
    if (!rare) return exposureScans ? this.facts(null, exposureScans) : null;

    // exemptResidentIds: an exemption with starts_at ≤ T < ends_at (null: open).
    row.exempt = someHolds(rare.exemptions, 2, (k) => rare.exemptions[k]! <= t && t < rare.exemptions[k + 1]!);
    // sampled: last_individual_positive_at = max(result_at) of SINGLE POSITIVE samples with sampled_at ≤ T and result_at ≤ T.
    for (let k = 0; k < rare.positives.length; k += 2) {
      const resultAt = rare.positives[k + 1]!;
      if (rare.positives[k]! <= t && resultAt <= t && !(resultAt <= row.lastIndividualPositiveAt)) row.lastIndividualPositiveAt = resultAt;
    }
    const observationSince = earliestHolding(rare.observations, 3, (k) => rare.observations[k]! <= t && t < rare.observations[k + 1]! && t < rare.observations[k + 2]!);
    row.underObservation = observationSince !== null;
    const needsRules =
      exposureScans !== undefined || rare.cases.length > 0 || rare.quarantines.length > 0 || observationSince !== null || rare.pools.length > 0;
    return needsRules ? this.facts(rare, exposureScans ?? [], observationSince) : null;
  }

  /** The facts the rules take; null when none of those that need them whole holds at T after all. */
  private facts(rare: RareFacts | null, exposureScans: Date[], observationSince: number | null = null): HealthFacts | null {
    const t = this.t;
    const pools = rare ? positivePoolsAt(rare, t) : { positivePools: [], individualFinalResults: [] };
    // activeCaseStarts: min(active_from) of cases with active_from ≤ T < active_until (null: open).
    const activeCaseSince = rare && earliestHolding(rare.cases, 2, (k) => rare.cases[k]! <= t && t < rare.cases[k + 1]!);
    // quarantineStarts: min(starts_at) of quarantines with starts_at ≤ T < ends_at, not released by T.
    const closeContactSince = rare && earliestHolding(rare.quarantines, 3, (k) => rare.quarantines[k]! <= t && t < rare.quarantines[k + 1]! && t < rare.quarantines[k + 2]!);
    if (exposureScans.length === 0 && pools.positivePools.length === 0 && activeCaseSince === null && closeContactSince === null && observationSince === null) return null;
    const dateOf = (ms: number) => (Number.isNaN(ms) ? null : new Date(ms));
    return {
      exempt: this.row.exempt,
      lastSampledAt: dateOf(this.row.lastSampledAt),
      ...pools,
      activeCaseSince: activeCaseSince === null ? null : new Date(activeCaseSince),
      closeContactSince: closeContactSince === null ? null : new Date(closeContactSince),
      homeObservationSince: observationSince === null ? null : new Date(observationSince),
      exposureScans,
    };
  }
}

/**
 * poolFactsOf at T: when some POOLED POSITIVE sample has sampled_at ≤ T and result_at ≤ T (has_positive_pool),
 * the pools with result_at ≤ T, and the SINGLE final results with result_at ≤ T taken after the earliest of them.
 */
function positivePoolsAt(rare: RareFacts, t: number): Pick<HealthFacts, 'positivePools' | 'individualFinalResults'> {
  const known = (facts: number[]) => {
    const pairs: { sampledAt: Date; resultAt: Date }[] = [];
    for (let k = 0; k < facts.length; k += 2) if (facts[k + 1]! <= t) pairs.push({ sampledAt: new Date(facts[k]!), resultAt: new Date(facts[k + 1]!) });
    return pairs;
  };
  if (!someHolds(rare.pools, 2, (k) => rare.pools[k]! <= t && rare.pools[k + 1]! <= t)) return { positivePools: [], individualFinalResults: [] };
  const positivePools = known(rare.pools);
  const firstPool = Math.min(...positivePools.map((pool) => pool.sampledAt.getTime()));
  return { positivePools, individualFinalResults: known(rare.retests).filter((result) => result.sampledAt.getTime() > firstPool) };
}

function someHolds(facts: number[], width: number, holds: (k: number) => boolean): boolean {
  for (let k = 0; k < facts.length; k += width) if (holds(k)) return true;
  return false;
}

/** The least first instant of the facts that hold (null: none does). */
function earliestHolding(facts: number[], width: number, holds: (k: number) => boolean): number | null {
  let earliest: number | null = null;
  for (let k = 0; k < facts.length; k += width) if (holds(k) && (earliest === null || facts[k]! < earliest)) earliest = facts[k]!;
  return earliest;
}
