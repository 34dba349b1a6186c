/**
 * HealthIndexColumns.addRow without facts (the history path's residents
 * without positive pools or venue exposures, whose codes PlainCodes asks of
 * the rules once per kind) must give the same indexes and lists as `add` with
 * the same residents' facts, where the rules decide each code: exempt or not,
 * in an active case, quarantine or home observation (since any instant) or
 * not, never sampled or sampled at any age, around the test interval's edge
 * to the millisecond, at H and at later instants.
 */
// The columns' module reaches GraphQL types (the list connection), whose decorators need the metadata polyfill.
import 'reflect-metadata';
import { describe, expect, test } from 'vitest';
import type { ResidentHealthFacts } from '../../subgraphs/health/health-code/health-facts.queries.js';
import { HealthIndexColumns } from '../../subgraphs/health/statistics/health-indexes.js';
import { HealthIndex } from '../../subgraphs/health/statistics/health-indexes.type.js';
import { rowFactsOf } from '../../subgraphs/health/statistics/health-row.js';
import { HealthCodeReason } from '../../subgraphs/shared/health-vocabulary.js';
import { VACCINE_PRODUCTS } from '../../subgraphs/health/vaccination/vaccination.rules.js';

const HOUR = 3600_000;
const rules = { testIntervalHours: 168 };
const H = new Date('2026-11-20T04:00:00.000Z');
const COMMUNITIES = ['310118101001', '310118101002', '310118102001'];
const REGIONS = ['', '310118101', '310118102', ...COMMUNITIES];

function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** Residents without positive pools or exposures: sampling ages spread over 0–400 h, many right at the interval's edge. */
function plainResidents(count: number): ResidentHealthFacts[] {
  const next = random(11);
  const interval = rules.testIntervalHours * HOUR;
  /** Now and then a condition holding since some instant up to 30 days before H. */
  const sometimes = (share: number) => (next() < share ? new Date(H.getTime() - Math.floor(next() * 30 * 24 * HOUR)) : null);
  return Array.from({ length: count }, (_, k) => {
    const kind = next();
    const age = kind < 0.1 ? null : kind < 0.4 ? interval + Math.floor(next() * 5) - 2 : Math.floor(next() * 400 * HOUR);
    const doses = Math.floor(next() * 5);
    const homeObservationSince = sometimes(0.05);
    return {
      residentId: k + 1,
      communityCode: COMMUNITIES[k % COMMUNITIES.length]!,
      birthDate: `${1930 + Math.floor(next() * 90)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
      facts: {
        exempt: next() < 0.2,
        lastSampledAt: age === null ? null : new Date(H.getTime() - age),
        positivePools: [],
        individualFinalResults: [],
        activeCaseSince: sometimes(0.03),
        closeContactSince: sometimes(0.05),
        homeObservationSince,
        exposureScans: [],
      },
      latestResultPending: next() < 0.1,
      lastIndividualPositiveAt: null,
      doses,
      firstDoseProduct: doses > 0 ? VACCINE_PRODUCTS[Math.floor(next() * VACCINE_PRODUCTS.length)]! : null,
      underObservation: homeObservationSince !== null,
      lastAbnormalScanAt: next() < 0.1 ? new Date(H.getTime() - Math.floor(next() * 48 * HOUR)) : null,
    };
  });
}

describe('addRow without facts equals add with the facts', () => {
  const residents = plainResidents(3000);
  const fromFacts = new HealthIndexColumns(H, rules, 16, 0);
  fromFacts.add(residents);
  const fromRows = new HealthIndexColumns(H, rules, 16, 0);
  for (const resident of residents) {
    fromRows.addRow(rowFactsOf(resident), null);
  }
  const people = (columns: HealthIndexColumns, at: Date) =>
    Object.values(HealthIndex).map((index) => columns.peopleAt(index, at, '').map((community) => [community.communityCode, [...community.residentIds()].sort((a, b) => a - b)]));

  test.each([0, 1, 2, HOUR, 24 * HOUR, 100 * HOUR])('indexes and lists at H + %d ms', (later) => {
    const at = new Date(H.getTime() + later);
    const indexes = fromRows.indexesAt(at, REGIONS);
    expect(indexes).toEqual(fromFacts.indexesAt(at, REGIONS));
    expect(people(fromRows, at)).toEqual(people(fromFacts, at));
    // The reasons a code gives (resident search by reason).
    for (const reason of Object.values(HealthCodeReason)) {
      const matching = (columns: HealthIndexColumns) => columns.residentsMatching({ colors: null, reason, vaccination: null }, at, '').sort((a, b) => a - b);
      expect(matching(fromRows), reason).toEqual(matching(fromFacts));
    }
    // Sanity: the residents fall on both sides of the interval's edge, and some are RED or under observation.
    expect(indexes.get('')!.healthCodes.green).toBeGreaterThan(100);
    expect(indexes.get('')!.healthCodes.yellow).toBeGreaterThan(100);
    expect(indexes.get('')!.healthCodes.red).toBeGreaterThan(100);
    expect(indexes.get('')!.homeObservation.active).toBeGreaterThan(50);
  });
});
