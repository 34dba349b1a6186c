/**
 * What HealthIndexColumns keeps of one resident at H: its facts as primitives
 * (RowFacts) and its health code as numbers (RowCode), the code coming from
 * the health-code rules (healthCodeAt) in every case.
 *
 * Most residents have no fact but an exemption and samples: no active case,
 * positive pool, quarantine, home observation or venue exposure. Asking the
 * rules for each of a district's 1.27 million of them costs objects and
 * messages per resident (~0.7 s); PlainCodes asks the rules once per kind of
 * such resident instead, and the columns get the same rows.
 */
import { dateNumber } from '../../shared/snapshot/region-sums.js';
import { HealthCodeReason } from '../../shared/health-vocabulary.js';
import type { ResidentHealthFacts } from '../health-code/health-facts.queries.js';
import { healthCodeAt, type CodeColor, type HealthCode, type HealthFacts, type HealthRules } from '../health-code/rules.js';
import type { VaccineProductCode } from '../vaccination/vaccination.rules.js';

/** The `color` of a row: an index in COLORS. */
export const COLORS: readonly CodeColor[] = ['GREEN', 'YELLOW', 'RED'];

/** Bits of a row's `reasons`: the code's reasons at H that do not move with T alone (NO_RECENT_TEST does: it is evaluated at T). */
export const REASON_BIT: Record<Exclude<HealthCodeReason, 'NO_RECENT_TEST'>, number> = {
  ACTIVE_CASE: 1,
  POOL_POSITIVE_PENDING_RETEST: 2,
  CLOSE_CONTACT: 4,
  HOME_OBSERVATION: 8,
  VENUE_EXPOSURE: 16,
};

/** One resident living in the district at H and the facts the columns keep (instants in ms since the epoch, NaN: none). */
export interface RowFacts {
  residentId: number;
  communityCode: string;
  /** Birth date as YYYYMMDD (dateNumber). */
  birth: number;
  exempt: boolean;
  lastSampledAt: number;
  latestResultPending: boolean;
  lastIndividualPositiveAt: number;
  lastAbnormalScanAt: number;
  underObservation: boolean;
  doses: number;
  firstDoseProduct: VaccineProductCode | null;
}

/** A health code as a row holds it. */
export interface RowCode {
  /** Index in COLORS. */
  color: number;
  /** REASON_BIT of every reason but NO_RECENT_TEST. */
  reasons: number;
  /** When a GREEN code turns YELLOW without new facts (Infinity: never). */
  turnsYellowAt: number;
}

export function rowFactsOf(resident: ResidentHealthFacts): RowFacts {
  return {
    residentId: resident.residentId,
    communityCode: resident.communityCode!,
    birth: dateNumber(resident.birthDate),
    exempt: resident.facts.exempt,
    lastSampledAt: resident.facts.lastSampledAt?.getTime() ?? NaN,
    latestResultPending: resident.latestResultPending,
    lastIndividualPositiveAt: resident.lastIndividualPositiveAt?.getTime() ?? NaN,
    lastAbnormalScanAt: resident.lastAbnormalScanAt?.getTime() ?? NaN,
    underObservation: resident.underObservation,
    doses: resident.doses,
    firstDoseProduct: resident.firstDoseProduct,
  };
}

export function rowCodeOf(code: HealthCode): RowCode {
  return {
    color: COLORS.indexOf(code.color),
    reasons: code.reasons.reduce((bits, reason) => bits | (reason.code === 'NO_RECENT_TEST' ? 0 : REASON_BIT[reason.code]), 0),
    turnsYellowAt: code.turnsYellowAt?.getTime() ?? Infinity,
  };
}

/** Facts with nothing but an exemption and a last sampling. */
const plainFacts = (exempt: boolean, lastSampledAt: Date | null): HealthFacts => ({
  exempt,
  lastSampledAt,
  positivePools: [],
  individualFinalResults: [],
  activeCaseSince: null,
  closeContactSince: null,
  homeObservationSince: null,
  exposureScans: [],
});

/**
 * The codes at H of residents whose facts hold nothing but an exemption and a last sampling, from the rules:
 * for each of exempt or not, never sampled, sampled at H itself (fresh), and sampled exactly as long before H as
 * a fresh code lasts (`turnsYellowAt`, the first instant it changes without new facts: aged). A resident
 * sampled at L has the fresh code, turning YELLOW at L + that lifetime, while that is after H, and the aged one
 * from then on. This reads the rules as the columns already do between H and T (indexesAt): with no new fact,
 * a code changes only when a GREEN code turns YELLOW at its turnsYellowAt, and the rules read a sampling by its
 * age alone. tests/unit/health-history-rows.test.ts checks these codes against the rules for every kind of
 * such resident at random instants.
 */
export class PlainCodes {
  private readonly never: RowCode[] = [];
  private readonly fresh: RowCode[] = [];
  private readonly aged: RowCode[] = [];
  /** How long a fresh code lasts (Infinity: it never changes, e.g. when exempt). */
  private readonly lifetime: number[] = [];
  /** codeOf's answer: filled in place (a district's worth of calls allocates nothing). */
  private readonly scratch: RowCode = { color: 0, reasons: 0, turnsYellowAt: Infinity };

  constructor(
    private readonly at: Date,
    rules: HealthRules,
  ) {
    const h = at.getTime();
    for (const exempt of [false, true]) {
      const e = Number(exempt);
      this.never[e] = rowCodeOf(healthCodeAt(plainFacts(exempt, null), at, rules));
      this.fresh[e] = rowCodeOf(healthCodeAt(plainFacts(exempt, at), at, rules));
      this.lifetime[e] = this.fresh[e]!.turnsYellowAt - h;
      this.aged[e] = Number.isFinite(this.lifetime[e]) ? rowCodeOf(healthCodeAt(plainFacts(exempt, new Date(h - this.lifetime[e]!)), at, rules)) : this.fresh[e]!;
    }
  }

  /** The code at H of a resident with only these facts (lastSampledAt NaN: never sampled); valid until the next call. */
  codeOf(exempt: boolean, lastSampledAt: number): RowCode {
    const e = Number(exempt);
    if (Number.isNaN(lastSampledAt)) return this.never[e]!;
    const turnsYellowAt = lastSampledAt + this.lifetime[e]!;
    if (turnsYellowAt <= this.at.getTime()) return this.aged[e]!;
    const fresh = this.fresh[e]!;
    this.scratch.color = fresh.color;
    this.scratch.reasons = fresh.reasons;
    this.scratch.turnsYellowAt = turnsYellowAt;
    return this.scratch;
  }
}
