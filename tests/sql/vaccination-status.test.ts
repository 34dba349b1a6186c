/**
 * vaccinationAtSql, the set-based vaccination status the statistics use,
 * called directly and compared with the rules (vaccinationStatusAt).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dosesOf, vaccinationAtSql } from '../../subgraphs/health/vaccination/vaccination.queries.js';
import { vaccinationStatusAt, type VaccineProductCode } from '../../subgraphs/health/vaccination/vaccination.rules.js';
import { COMMUNITY_B1, type ResidentSpec } from '../support/builders.js';
import { residentKnownToHealth } from '../support/health-builders.js';
import type { TestPlatform } from '../support/platform.js';
import { startVaccinationPlatform, type VaccinationBuilders } from '../support/vaccination-builders.js';

let platform: TestPlatform;
let vaccines: VaccinationBuilders;
beforeAll(async () => {
  ({ platform, vaccines } = await startVaccinationPlatform());
});
afterAll(() => platform?.stop());

/** A resident known to both population and health: their id. */
const resident = async (spec?: ResidentSpec): Promise<number> => (await residentKnownToHealth(platform, spec)).id;

describe('the set-based status for statistics', () => {
  test('vaccinationAtSql agrees with the rules for every product, mixed series and instant', async () => {
    const histories: VaccineProductCode[][] = [
      ['SINOPHARM_BIBP'],
      ['SINOPHARM_BIBP', 'SINOVAC_CORONAVAC'],
      ['SINOVAC_CORONAVAC', 'SINOVAC_CORONAVAC', 'ZF2001'],
      ['CANSINO_AD5'],
      ['CANSINO_AD5', 'SINOPHARM_BIBP'],
      ['ZF2001', 'ZF2001'],
      ['ZF2001', 'ZF2001', 'ZF2001'],
      ['ZF2001', 'ZF2001', 'ZF2001', 'CANSINO_AD5'],
    ];
    const ids: number[] = [];
    for (const [i, products] of histories.entries()) {
      const id = await resident({ community: COMMUNITY_B1 });
      ids.push(id);
      await vaccines.vaccinate(id, products, new Date(Date.UTC(2021, 3, 1 + i)), 40);
    }
    const db = platform.test.database.db;
    const rows = await dosesOf(db, ids);
    for (const at of ['2021-03-31T00:00:00Z', '2021-04-03T00:00:00Z', '2021-05-15T00:00:00Z', '2021-06-20T00:00:00Z', '2022-01-01T00:00:00Z']) {
      const instant = new Date(at);
      const v = vaccinationAtSql(db, instant);
      const fromSql = new Map((await db.select().from(v)).map((row) => [row.residentId, row]));
      for (const id of ids) {
        const expected = vaccinationStatusAt(rows.filter((row) => row.residentId === id), instant);
        const actual = fromSql.get(id);
        const label = `resident ${ids.indexOf(id)} at ${at}`;
        if (expected.doses === 0) {
          expect(actual, label).toBeUndefined();
          continue;
        }
        expect(actual, label).toEqual({
          residentId: id,
          doses: expected.doses,
          primarySeriesDoses: expected.primarySeriesDoses,
          fullyVaccinated: expected.fullyVaccinated,
          boosted: expected.boosted,
        });
      }
    }
  });
});
