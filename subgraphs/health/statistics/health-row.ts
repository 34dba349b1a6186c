/**
 * What HealthIndexColumns keeps of one resident at H: its facts as primitives
 * (RowFacts) and its health code as numbers (RowCode), the code coming from
 * the health-code rules (healthCodeAt) in every case.
 *
 * Most residents have no positive pool or venue exposure: their code
 * depends on their exemption, their last sampling and whether an active case,
 * a quarantine or a home observation holds. Asking the rules for each of a
 * district's 1.27 million of them costs objects and messages per resident
 * (~0.7 s); PlainCodes asks the rules once per kind of such resident
 * instead, and the columns get the same rows.
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
  /** An active case, a close-contact quarantine at H (read only by PlainCodes: whole facts say since when). */
  activeCase: boolean;
  closeContact: boolean;
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
    activeCase: resident.facts.activeCaseSince !== null,
    closeContact: resident.facts.closeContactSince !== null,
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

/** What PlainCodes tells residents apart by, as bits. */
const KIND = { exempt: 1, activeCase: 2, closeContact: 4, observation: 8 } as const;

/** Facts of a kind of resident with a last sampling; the conditions that hold started at `at` (their start is not read: see PlainCodes). */
const plainFacts = (kind: number, lastSampledAt: Date | null, at: Date): HealthFacts => ({
  exempt: (kind & KIND.exempt) !== 0,
  lastSampledAt,
  positivePools: [],
  individualFinalResults: [],
  activeCaseSince: kind & KIND.activeCase ? at : null,
  closeContactSince: kind & KIND.closeContact ? at : null,
  homeObservationSince: kind & KIND.observation ? at : null,
  exposureScans: [],
});

/** A kind's codes: never sampled, sampled at H itself (fresh), and sampled as long before H as a fresh code lasts (aged). */
interface KindCodes {
  never: RowCode;
  fresh: RowCode;
  aged: RowCode;
  /** How long a fresh code lasts (Infinity: it never changes by itself, e.g. when exempt or RED). */
  lifetime: number;
}

/**
 * The codes at H of residents without positive pools or venue exposures (those need the rules whole), from the
 * rules: per kind of resident (exempt or not; whether an active case, a quarantine, a home observation holds),
 * never sampled, sampled at H itself (fresh), and sampled exactly as long before H as a fresh code lasts
 * (`turnsYellowAt`, the first instant it changes without new facts: aged). A resident sampled at L has the
 * fresh code, turning YELLOW at L + that lifetime, while that is after H, and the aged one from then on. This
 * reads the rules as the columns already do between H and T (indexesAt): with no new fact, a code changes only
 * when a GREEN code turns YELLOW at its turnsYellowAt, and the rules read a sampling by its age alone. A
 * condition's start is only its reason's `since` (and message), which rows do not keep.
 * tests/unit/health-history-rows.test.ts checks these codes against the rules for every kind of such resident,
 * around the test interval's edge.
 */
export class PlainCodes {
  private readonly kinds: (KindCodes | undefined)[] = [];
  /** codeOf's answer: filled in place (a district's worth of calls allocates nothing). */
  private readonly scratch: RowCode = { color: 0, reasons: 0, turnsYellowAt: Infinity };

  constructor(
    private readonly at: Date,
    private readonly rules: HealthRules,
  ) {}

  /** The code at H of a resident with these facts (lastSampledAt NaN: never sampled); valid until the next call. */
  codeOf(row: RowFacts): RowCode {
    const kind =
      (row.exempt ? KIND.exempt : 0) | (row.activeCase ? KIND.activeCase : 0) | (row.closeContact ? KIND.closeContact : 0) | (row.underObservation ? KIND.observation : 0);
    const codes = (this.kinds[kind] ??= this.codesOf(kind));
    if (Number.isNaN(row.lastSampledAt)) return codes.never;
    const turnsYellowAt = row.lastSampledAt + codes.lifetime;
    if (turnsYellowAt <= this.at.getTime()) return codes.aged;
    this.scratch.color = codes.fresh.color;
    this.scratch.reasons = codes.fresh.reasons;
    this.scratch.turnsYellowAt = turnsYellowAt;
    return this.scratch;
  }

  private codesOf(kind: number): KindCodes {
    const [at, h] = [this.at, this.at.getTime()];
    const codeWith = (lastSampledAt: Date | null) => rowCodeOf(healthCodeAt(plainFacts(kind, lastSampledAt, at), at, this.rules));
    const fresh = codeWith(at);
    const lifetime = fresh.turnsYellowAt - h;
    return { never: codeWith(null), fresh, lifetime, aged: Number.isFinite(lifetime) ? codeWith(new Date(h - lifetime)) : fresh };
  }
}
