/**
 * The 21 health indexes of one region at T, computed from the per-resident
 * facts by the same rules that decide each resident's code and vaccination
 * status. Pure: unit-testable without a database.
 */
import { ageOn, shanghaiDate } from '../../shared/time.js';
import type { HealthRules } from '../context.js';
import type { ResidentHealthFacts } from '../health-code/health-facts.queries.js';
import { healthCodeAt } from '../health-code/rules.js';
import { primarySeriesDoses } from '../vaccination/vaccination.rules.js';
import type { HealthIndexes } from './health-indexes.type.js';

const HOUR = 3600_000;

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function healthIndexesOf(residents: readonly ResidentHealthFacts[], at: Date, rules: HealthRules): HealthIndexes {
  const today = shanghaiDate(at);
  const sampledWithin = (resident: ResidentHealthFacts, hours: number) =>
    resident.facts.lastSampledAt !== null && resident.facts.lastSampledAt.getTime() > at.getTime() - hours * HOUR;
  const count = (predicate: (resident: ResidentHealthFacts) => boolean) => residents.filter(predicate).length;

  const codes = residents.map((resident) => healthCodeAt(resident.facts, at, rules));
  const nonExempt = residents.filter((r) => !r.facts.exempt);
  const vaccination = residents.map((resident) => {
    const series = resident.firstDoseProduct ? primarySeriesDoses(resident.firstDoseProduct) : null;
    const age = ageOn(resident.birthDate, today);
    return { doses: resident.doses, full: series !== null && resident.doses >= series, boosted: series !== null && resident.doses > series, age };
  });
  const elderly60 = vaccination.filter((v) => v.age >= 60);

  return {
    testing: {
      sampledToday: count((r) => r.sampledToday),
      within24h: count((r) => sampledWithin(r, 24)),
      within48h: count((r) => sampledWithin(r, 48)),
      within72h: count((r) => sampledWithin(r, 72)),
      untested72h: nonExempt.filter((r) => !sampledWithin(r, 72)).length,
      coverage72h: ratio(nonExempt.filter((r) => sampledWithin(r, 72)).length, nonExempt.length),
      pendingResults: count((r) => r.latestResultPending),
      positiveToday: count((r) => r.positiveToday),
      poolPositivePendingRetest: codes.filter((code) => code.reasons.some((reason) => reason.code === 'POOL_POSITIVE_PENDING_RETEST')).length,
      exempt: count((r) => r.facts.exempt),
    },
    vaccination: {
      firstDose: vaccination.filter((v) => v.doses > 0).length,
      fullyVaccinated: vaccination.filter((v) => v.full).length,
      boosted: vaccination.filter((v) => v.boosted).length,
      coverage: ratio(vaccination.filter((v) => v.full).length, residents.length),
      elderly60PlusFullyVaccinatedRate: ratio(elderly60.filter((v) => v.full).length, elderly60.length),
      elderly80PlusUnvaccinated: vaccination.filter((v) => v.age >= 80 && v.doses === 0).length,
    },
    healthCodes: {
      green: codes.filter((code) => code.color === 'GREEN').length,
      yellow: codes.filter((code) => code.color === 'YELLOW').length,
      red: codes.filter((code) => code.color === 'RED').length,
    },
    homeObservation: { active: count((r) => r.underObservation) },
    venues: { abnormalScans24h: count((r) => r.abnormalScan24h) },
  };
}
