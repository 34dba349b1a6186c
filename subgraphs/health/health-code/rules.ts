/**
 * The health-code rules of domain.md ("Health code"), as one pure function:
 * the caller gathers a resident's facts at an instant with SQL, this module
 * alone decides the colour and the reasons. No I/O, no clock, no mutation of
 * its inputs; the same facts, instant and rules give the same code.
 *
 * Decisions where domain.md is silent (each is tested):
 * - `reasons` lists every reason that holds, the YELLOW ones too when the code
 *   is RED, so a worker sees everything that still has to be cleared (a RED
 *   case who was never sampled is also NO_RECENT_TEST). Order: ReasonCode
 *   order, which puts the RED reasons first.
 * - A reason's `since` is the instant from which it has held without a break:
 *   ACTIVE_CASE / CLOSE_CONTACT / HOME_OBSERVATION: the caller's start;
 *   POOL_POSITIVE_PENDING_RETEST: the result-at of the pending pool that
 *   resulted first (it has been pending ever since); NO_RECENT_TEST: last
 *   sampling + interval (the instant the window lapsed), or `at` itself for a
 *   resident never sampled (the facts tell of no earlier instant; a made-up
 *   epoch would read as "yellow for 56 years"); VENUE_EXPOSURE: the latest
 *   qualifying scan (the one that keeps the reason alive longest).
 * - The code's `since` for RED/YELLOW is the latest `since` among the reasons
 *   of the shown colour: the instant from which every current reason of that
 *   colour holds. The facts describe only `at`, so an earlier stretch of the
 *   same colour (e.g. RED as a close contact, now YELLOW after discharge) may
 *   not be visible; the latest one is the claim the facts fully support.
 *   GREEN: the last sampling (null when exempt and never sampled).
 * - `turnsYellowAt` assumes no new facts: the first instant NO_RECENT_TEST
 *   would hold (the window is (at − interval, at], so exactly last + interval).
 * - Every Date returned is a fresh copy, so callers may keep or change it freely.
 * - Pool results and individual results with result-at after `at`, and scans
 *   after `at`, are ignored: they were not known at `at`.
 */

export type CodeColor = 'GREEN' | 'YELLOW' | 'RED';
export type ReasonCode =
  | 'ACTIVE_CASE'
  | 'POOL_POSITIVE_PENDING_RETEST'
  | 'CLOSE_CONTACT'
  | 'NO_RECENT_TEST'
  | 'HOME_OBSERVATION'
  | 'VENUE_EXPOSURE';

/** Reason codes in reporting order: RED ones first, then YELLOW. */
export const REASON_CODES: readonly ReasonCode[] = [
  'ACTIVE_CASE',
  'POOL_POSITIVE_PENDING_RETEST',
  'CLOSE_CONTACT',
  'NO_RECENT_TEST',
  'HOME_OBSERVATION',
  'VENUE_EXPOSURE',
];

/** The colour each reason forces. */
export const REASON_COLOR: Readonly<Record<ReasonCode, Exclude<CodeColor, 'GREEN'>>> = {
  ACTIVE_CASE: 'RED',
  POOL_POSITIVE_PENDING_RETEST: 'RED',
  CLOSE_CONTACT: 'RED',
  NO_RECENT_TEST: 'YELLOW',
  HOME_OBSERVATION: 'YELLOW',
  VENUE_EXPOSURE: 'YELLOW',
};

/** Venue exposures count for 7 days whatever the test interval is (domain.md: "in the last 7 days"). */
export const VENUE_EXPOSURE_WINDOW_HOURS = 168;

/** Facts about one resident known at instant `at` (everything already filtered to what was recorded as holding at `at`). */
export interface HealthFacts {
  /** Exempt from routine testing at `at` (tag EXEMPT_FROM_TESTING or an exemption record covering `at`). */
  exempt: boolean;
  /** sampled_at of the latest sample taken at or before `at` (any tube, any result, even pending), or null. */
  lastSampledAt: Date | null;
  /** POOLED samples whose result is POSITIVE with result_at ≤ at: when the pool was sampled and when the result came. */
  positivePools: { sampledAt: Date; resultAt: Date }[];
  /** SINGLE samples with a final result (NEGATIVE or POSITIVE) whose result_at ≤ at: when sampled and when resulted. */
  individualFinalResults: { sampledAt: Date; resultAt: Date }[];
  /** An active positive case at `at` and since when (null if none). */
  activeCaseSince: Date | null;
  /** In close-contact quarantine at `at` and since when (null if none). */
  closeContactSince: Date | null;
  /** Under home health observation at `at` and since when (null if none). */
  homeObservationSince: Date | null;
  /**
   * Scan times of this resident's scans that are venue exposures known at `at`; the caller passes
   * exposures from any time, this module applies the 7-day window and the "no sample after it" rule.
   */
  exposureScans: Date[];
}

export interface HealthRules {
  /** Hours after the last sample before NO_RECENT_TEST (default 168). */
  testIntervalHours: number;
}

export interface CodeReason {
  code: ReasonCode;
  message: string;
  since: Date;
}

export interface HealthCode {
  color: CodeColor;
  /** Every reason that holds (RED and YELLOW ones), in REASON_CODES order; empty when GREEN. */
  reasons: CodeReason[];
  /**
   * RED/YELLOW: the latest `since` among the reasons of the shown colour (from then on every one of
   * them holds). GREEN: the last sampling, or null when exempt and never sampled.
   */
  since: Date | null;
  /** GREEN and not exempt: lastSampledAt + interval (the instant it turns YELLOW without a new sample); null otherwise. */
  turnsYellowAt: Date | null;
}

const HOUR_MS = 3600 * 1000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** An instant as "YYYY-MM-DD HH:mm Asia/Shanghai" (UTC+8, no daylight saving; seconds are dropped). */
export function formatShanghai(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} Asia/Shanghai`;
}

export function healthCodeAt(facts: HealthFacts, at: Date, rules: HealthRules): HealthCode {
  const { testIntervalHours } = rules;
  if (!Number.isFinite(testIntervalHours) || testIntervalHours <= 0) {
    throw new RangeError(`testIntervalHours must be a positive number of hours, got ${testIntervalHours}.`);
  }
  const t = at.getTime();
  const last = facts.lastSampledAt?.getTime() ?? null;
  const intervalMs = testIntervalHours * HOUR_MS;
  const reasons: CodeReason[] = [];

  if (facts.activeCaseSince) {
    reasons.push({
      code: 'ACTIVE_CASE',
      since: new Date(facts.activeCaseSince),
      message: `Active positive case since ${formatShanghai(facts.activeCaseSince)}; follow the case team's isolation and treatment instructions.`,
    });
  }

  // A positive pool is cleared only by a SINGLE sample taken strictly after the pool was sampled
  // whose final result is known at `at`; a retest still pending, or taken before the pool, does not clear it.
  const retests = facts.individualFinalResults.filter((r) => r.resultAt.getTime() <= t).map((r) => r.sampledAt.getTime());
  const pending = facts.positivePools.filter(
    (p) => p.resultAt.getTime() <= t && !retests.some((sampled) => sampled > p.sampledAt.getTime()),
  );
  // The pool that resulted first has kept the member pending ever since.
  const firstPending = pending.reduce<(typeof pending)[number] | undefined>(
    (first, p) => (first === undefined || p.resultAt.getTime() < first.resultAt.getTime() ? p : first),
    undefined,
  );
  if (firstPending) {
    const more = pending.length > 1 ? ` (${pending.length} positive pools await a retest)` : '';
    reasons.push({
      code: 'POOL_POSITIVE_PENDING_RETEST',
      since: new Date(firstPending.resultAt),
      message:
        `Pooled sample taken ${formatShanghai(firstPending.sampledAt)} tested positive (result ${formatShanghai(firstPending.resultAt)})${more}; ` +
        'take an individual (single-tube) retest now.',
    });
  }

  if (facts.closeContactSince) {
    reasons.push({
      code: 'CLOSE_CONTACT',
      since: new Date(facts.closeContactSince),
      message: `Close contact in quarantine since ${formatShanghai(facts.closeContactSince)}; stay in quarantine until released.`,
    });
  }

  // The sampling window is (at − interval, at]: a sample exactly `interval` hours old no longer counts.
  if (!facts.exempt && (last === null || last <= t - intervalMs)) {
    reasons.push(
      last === null
        ? {
            code: 'NO_RECENT_TEST',
            since: new Date(t),
            message: 'No nucleic-acid sample on record; take a nucleic-acid test.',
          }
        : {
            code: 'NO_RECENT_TEST',
            since: new Date(last + intervalMs),
            message:
              `No nucleic-acid sample in the last ${testIntervalHours} h ` +
              `(last sampled ${formatShanghai(new Date(last))}); take a nucleic-acid test.`,
          },
    );
  }

  if (facts.homeObservationSince) {
    reasons.push({
      code: 'HOME_OBSERVATION',
      since: new Date(facts.homeObservationSince),
      message: `Under home health observation since ${formatShanghai(facts.homeObservationSince)}; stay at home until the observation ends.`,
    });
  }

  // Exposures count within (at − 7 days, at] and only while no sample has been taken after the scan.
  const windowStart = t - VENUE_EXPOSURE_WINDOW_HOURS * HOUR_MS;
  const exposures = facts.exposureScans
    .map((s) => s.getTime())
    .filter((s) => s > windowStart && s <= t && (last === null || last <= s));
  if (exposures.length > 0) {
    const latest = new Date(Math.max(...exposures));
    const more = exposures.length > 1 ? ` (${exposures.length} exposures in the last 7 days)` : '';
    reasons.push({
      code: 'VENUE_EXPOSURE',
      since: latest,
      message:
        `Scanned a venue at ${formatShanghai(latest)} within 30 minutes of a person who later tested positive${more}; ` +
        'take a nucleic-acid test.',
    });
  }

  const color: CodeColor = reasons.some((r) => REASON_COLOR[r.code] === 'RED')
    ? 'RED'
    : reasons.length > 0
      ? 'YELLOW'
      : 'GREEN';

  if (color === 'GREEN') {
    return {
      color,
      reasons,
      since: last === null ? null : new Date(last),
      turnsYellowAt: facts.exempt || last === null ? null : new Date(last + intervalMs),
    };
  }
  // Reasons were pushed in REASON_CODES order, so `reasons` needs no sorting.
  const shown = reasons.filter((r) => REASON_COLOR[r.code] === color).map((r) => r.since.getTime());
  return { color, reasons, since: new Date(Math.max(...shown)), turnsYellowAt: null };
}
