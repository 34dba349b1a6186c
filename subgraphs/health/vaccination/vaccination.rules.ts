/**
 * The vaccination rules of domain.md ("Vaccination") as pure functions: the
 * caller loads a resident's doses, this module alone decides what they add up
 * to at an instant. No I/O, no clock; the same doses and instant give the same
 * status. The SQL statistics use the same table (vaccination.queries.ts
 * builds their CASE expression from PRIMARY_SERIES_DOSES), so the two agree.
 *
 * Decisions where domain.md is silent (each is tested):
 * - The primary series is set by the product of dose 1 alone. Later doses may
 *   be any product (heterologous boosters such as ZF2001 after two inactivated
 *   doses are normal, and an inactivated series may be completed with the
 *   other inactivated product); they neither lengthen nor shorten the series.
 *   So one CANSINO_AD5 dose followed by a SINOPHARM_BIBP dose is fully
 *   vaccinated and boosted.
 * - `doses` is the number of doses administered at or before the instant; the
 *   recording rules keep dose numbers contiguous from 1 and administration
 *   times strictly increasing, so it equals the highest dose number then.
 * - Should stored data ever lack dose 1 (rows loaded by hand), the series
 *   comes from the lowest-numbered dose counted; with no dose there is no
 *   series (`primarySeriesDoses` null) and nothing is complete.
 * - A dose administered exactly at the instant counts (≤ T, like every other
 *   "at T" rule of the platform).
 *
 * Recording (judgeNextDose), also silent in domain.md:
 * - Doses are recorded in order: the next dose number is the count recorded
 *   so far + 1, whatever its administration time.
 * - A dose must be administered strictly after the previous one: two doses of
 *   one person at the same instant is a data-entry error, not a schedule.
 *   No minimum interval is enforced (schedules vary by product and by year).
 * - Re-sending a recorded dose with the same product, instant, site and batch
 *   is the same fact (a retry): success, nothing written. The same number with
 *   any other detail is a different claim about that dose: refused.
 */

export type VaccineProductCode = 'SINOPHARM_BIBP' | 'SINOVAC_CORONAVAC' | 'CANSINO_AD5' | 'ZF2001';

/** Doses in each product's primary series (domain.md). */
export const PRIMARY_SERIES_DOSES: Readonly<Record<VaccineProductCode, number>> = {
  SINOPHARM_BIBP: 2,
  SINOVAC_CORONAVAC: 2,
  CANSINO_AD5: 1,
  ZF2001: 3,
};

export const VACCINE_PRODUCTS = Object.keys(PRIMARY_SERIES_DOSES) as readonly VaccineProductCode[];

/** What the rules need of one dose. */
export interface DoseFact {
  doseNumber: number;
  product: VaccineProductCode;
  administeredAt: Date;
}

export interface VaccinationSummary<D extends DoseFact = DoseFact> {
  /** Doses administered at or before the instant. */
  doses: number;
  /** Length of the primary series set by dose 1's product; null with no dose. */
  primarySeriesDoses: number | null;
  /** The primary series is complete. */
  fullyVaccinated: boolean;
  /** At least one dose beyond the primary series. */
  boosted: boolean;
  /** When the latest counted dose was administered; null with no dose. */
  lastDoseAt: Date | null;
  /** The counted doses in dose-number order (the caller's objects, not copies). */
  history: D[];
}

/** Doses in a product's primary series. */
export function primarySeriesDoses(product: VaccineProductCode): number {
  return PRIMARY_SERIES_DOSES[product];
}

/** A resident's vaccination status at instant `at`, counting only doses administered at or before it. */
export function vaccinationStatusAt<D extends DoseFact>(doses: readonly D[], at: Date): VaccinationSummary<D> {
  const history = doses.filter((dose) => dose.administeredAt.getTime() <= at.getTime()).sort((a, b) => a.doseNumber - b.doseNumber);
  const first = history[0];
  if (!first) return { doses: 0, primarySeriesDoses: null, fullyVaccinated: false, boosted: false, lastDoseAt: null, history };
  const series = primarySeriesDoses(first.product);
  const lastDoseAt = history.reduce((latest, dose) => (dose.administeredAt.getTime() > latest.getTime() ? dose.administeredAt : latest), first.administeredAt);
  return {
    doses: history.length,
    primarySeriesDoses: series,
    fullyVaccinated: history.length >= series,
    boosted: history.length > series,
    lastDoseAt: new Date(lastDoseAt.getTime()),
    history,
  };
}

/** A dose as recorded: the facts plus where and from which batch. */
export interface DoseRecord extends DoseFact {
  site: string;
  batch: string;
}

export type NextDoseVerdict<D extends DoseRecord> =
  /** The candidate is the next dose: record it. */
  | { kind: 'NEXT' }
  /** That dose number is recorded already; `identical` when the candidate repeats it exactly (a retry). */
  | { kind: 'ALREADY_RECORDED'; recorded: D; identical: boolean }
  /** The candidate skips or precedes the next number. */
  | { kind: 'OUT_OF_ORDER'; expected: number }
  /** The candidate is not administered after the latest recorded dose. */
  | { kind: 'NOT_AFTER_PREVIOUS'; previous: D };

/** Whether `candidate` may be recorded after every dose in `recorded` (all of the resident's doses, whenever given). */
export function judgeNextDose<D extends DoseRecord>(recorded: readonly D[], candidate: DoseRecord): NextDoseVerdict<D> {
  const same = recorded.find((dose) => dose.doseNumber === candidate.doseNumber);
  if (same) return { kind: 'ALREADY_RECORDED', recorded: same, identical: sameDose(same, candidate) };
  const expected = recorded.length + 1;
  if (candidate.doseNumber !== expected) return { kind: 'OUT_OF_ORDER', expected };
  const previous = recorded.reduce<D | undefined>((latest, dose) => (!latest || dose.administeredAt.getTime() > latest.administeredAt.getTime() ? dose : latest), undefined);
  if (previous && candidate.administeredAt.getTime() <= previous.administeredAt.getTime()) return { kind: 'NOT_AFTER_PREVIOUS', previous };
  return { kind: 'NEXT' };
}

function sameDose(a: DoseRecord, b: DoseRecord): boolean {
  return a.doseNumber === b.doseNumber && a.product === b.product && a.administeredAt.getTime() === b.administeredAt.getTime() && a.site === b.site && a.batch === b.batch;
}
