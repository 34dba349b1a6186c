/**
 * Region.health(asOf): the 21 health indexes against a hand-built fixture
 * whose every answer is counted by hand, at a fixed past instant T.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { caseFacts, doses, exemptions, homeObservations, quarantines, samples, scans, venues } from '../../subgraphs/health/db.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const HOUR = 3600_000;
/** T: 2026-06-15 12:00 in Shanghai. */
const T = new Date('2026-06-15T04:00:00Z');
const before = (hours: number) => new Date(T.getTime() - hours * HOUR);

let platform: TestPlatform;
let barcode = 0;
const id: Record<string, { id: number; idNumber: string }> = {};

async function resident(key: string, spec: Parameters<TestPlatform['seed']['resident']>[0] = {}) {
  id[key] = await platform.seed.resident({ name: key, community: COMMUNITY_A1, movedInAt: new Date('2020-01-01T00:00:00Z'), ...spec });
}

async function sample(key: string, hoursBefore: number, tube: 'SINGLE' | 'POOLED', result: 'NEGATIVE' | 'POSITIVE' | 'PENDING', resultHoursBefore?: number) {
  await platform.test.database.db.insert(samples).values({
    barcode: `HX${String(++barcode).padStart(8, '0')}`,
    residentId: id[key]!.id,
    idNumber: id[key]!.idNumber,
    sampledAt: before(hoursBefore),
    tubeType: tube,
    poolBarcode: tube === 'POOLED' ? `POOL${barcode}` : null,
    result,
    resultAt: result === 'PENDING' ? null : before(resultHoursBefore!),
    site: 'site',
    lab: 'lab',
  });
}

async function dose(key: string, doseNumber: number, product: 'SINOPHARM_BIBP' | 'CANSINO_AD5' | 'ZF2001', at: Date) {
  await platform.test.database.db
    .insert(doses)
    .values({ residentId: id[key]!.id, product, doseNumber, administeredAt: at, site: 'clinic', batch: 'B1', recordedBy: 'test' });
}

beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
  const db = platform.test.database.db;

  await resident('r1', { birthDate: '1990-01-01' });
  await sample('r1', 2, 'SINGLE', 'NEGATIVE', 1); // today, within 24 h
  await dose('r1', 1, 'SINOPHARM_BIBP', new Date('2021-05-01T00:00:00Z'));
  await dose('r1', 2, 'SINOPHARM_BIBP', new Date('2021-06-01T00:00:00Z')); // fully vaccinated

  await resident('r2', { birthDate: '1961-03-01' }); // 65 at T
  await sample('r2', 30, 'POOLED', 'NEGATIVE', 20); // within 48 h
  await dose('r2', 1, 'SINOPHARM_BIBP', new Date('2021-05-01T00:00:00Z'));
  await dose('r2', 2, 'SINOPHARM_BIBP', new Date('2021-06-01T00:00:00Z'));
  await dose('r2', 3, 'SINOPHARM_BIBP', new Date('2022-01-01T00:00:00Z')); // boosted

  await resident('r3', { birthDate: '2000-01-01' });
  await sample('r3', 60, 'SINGLE', 'PENDING'); // within 72 h, result pending
  await dose('r3', 1, 'CANSINO_AD5', new Date('2021-05-01T00:00:00Z')); // fully vaccinated with one dose

  await resident('r4', { birthDate: '1940-01-01' }); // 86: 60+ and 80+
  await sample('r4', 100, 'SINGLE', 'NEGATIVE', 90); // untested 72 h, still GREEN (< 168 h)
  await dose('r4', 1, 'ZF2001', new Date('2021-05-01T00:00:00Z'));
  await dose('r4', 2, 'ZF2001', new Date('2021-06-01T00:00:00Z')); // 2 of 3: first dose only

  await resident('r5', { birthDate: '1995-01-01', tags: ['EXEMPT_FROM_TESTING'] }); // exempt, never sampled: GREEN
  await dose('r5', 1, 'SINOPHARM_BIBP', new Date(T.getTime() + HOUR)); // after T: not counted

  await resident('r6', { birthDate: '1985-01-01' });
  await sample('r6', 5, 'SINGLE', 'POSITIVE', 1); // positive today
  await db.insert(caseFacts).values({ caseId: 1, residentId: id.r6!.id, activeFrom: before(0.5) }); // RED

  await resident('r7', { birthDate: '1985-01-01' });
  await sample('r7', 20, 'POOLED', 'POSITIVE', 10); // pool positive pending retest: RED

  await resident('r8', { birthDate: '1985-01-01' });
  await sample('r8', 40, 'POOLED', 'POSITIVE', 30);
  await sample('r8', 20, 'SINGLE', 'NEGATIVE', 15); // retested: GREEN

  await resident('r9', { birthDate: '1985-01-01' });
  await sample('r9', 3, 'SINGLE', 'NEGATIVE', 2);
  await db.insert(homeObservations).values({
    residentId: id.r9!.id, reason: 'test', startedAt: before(48), plannedEndAt: new Date(before(48).getTime() + 7 * 24 * HOUR), source: 'test:r9',
  }); // YELLOW

  await resident('r10', { birthDate: '1985-01-01' });
  await sample('r10', 10, 'SINGLE', 'NEGATIVE', 8);
  await db.insert(quarantines).values({ contactId: 1, residentId: id.r10!.id, startsAt: before(24), endsAt: new Date(T.getTime() + 10 * 24 * HOUR) }); // RED

  await resident('r11', { birthDate: '1985-01-01' });
  await sample('r11', 5, 'SINGLE', 'NEGATIVE', 4);

  await resident('r12', { birthDate: '1941-01-01' }); // 85, never vaccinated, never sampled: YELLOW

  await resident('r13', { birthDate: '1985-01-01' });
  await sample('r13', 72, 'SINGLE', 'NEGATIVE', 70); // exactly 72 h before: NOT within 72 h
  await resident('r14', { birthDate: '1985-01-01' });
  await sample('r14', 24, 'SINGLE', 'POSITIVE', 20); // not today (20 h before 12:00 is yesterday 16:00)

  // Venues: r13 scanned at T − 48 h, r14 ten minutes later and tested positive a day after: r13 exposed (YELLOW).
  const [venue] = await db.insert(venues).values({ code: 'V1', name: 'Market', type: 'MARKET', communityCode: COMMUNITY_A1 }).returning();
  await db.insert(scans).values([
    { residentId: id.r13!.id, venueId: venue!.id, scannedAt: before(48), colorShown: 'GREEN' },
    { residentId: id.r14!.id, venueId: venue!.id, scannedAt: before(47.9), colorShown: 'GREEN' },
    { residentId: id.r11!.id, venueId: venue!.id, scannedAt: before(10), colorShown: 'YELLOW' }, // abnormal within 24 h
    { residentId: id.r12!.id, venueId: venue!.id, scannedAt: before(30), colorShown: 'RED' }, // abnormal, but not within 24 h
  ]);

  // Not counted at T: moved in after T, moved out before T.
  await resident('later', { movedInAt: new Date(T.getTime() + HOUR) });
  await resident('gone', { movedOutAt: before(24) });
  await sample('gone', 2, 'SINGLE', 'NEGATIVE', 1);

  // Elsewhere: one in another community of town A, one in town B.
  await resident('a2', { community: COMMUNITY_A2, birthDate: '2010-01-01' });
  await sample('a2', 1, 'SINGLE', 'NEGATIVE', 0.5);
  await resident('b1', { community: COMMUNITY_B1, birthDate: '1950-01-01' });
  await db.insert(exemptions).values({ residentId: id.b1!.id, source: 'RECORD', reason: 'test', startsAt: before(100), endsAt: before(1), recordedBy: 'test' }); // ended before T: not exempt

  await platform.drainEvents();
});
afterAll(() => platform?.stop());

const INDEXES = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) {
    health(asOf: $asOf) {
      testing { sampledToday within24h within48h within72h untested72h coverage72h pendingResults positiveToday poolPositivePendingRetest exempt }
      vaccination { firstDose fullyVaccinated boosted coverage elderly60PlusFullyVaccinatedRate elderly80PlusUnvaccinated }
      healthCodes { green yellow red }
      homeObservation { active }
      venues { abnormalScans24h }
    }
    population(asOf: $asOf) { residents }
  }
}`;

async function indexesOf(code: string, asOf = T) {
  return (await platform.data(INDEXES, { code, asOf: asOf.toISOString() })).region;
}

describe('a community, every index counted by hand', () => {
  test('testing', async () => {
    const { health, population } = await indexesOf(COMMUNITY_A1);
    expect(population.residents).toBe(14);
    expect(health.testing).toEqual({
      sampledToday: 5, // r1 r6 r9 r10 r11 (the day began 12 h before T)
      within24h: 7, // r1 r6 r7 r8 r9 r10 r11 (r14 at exactly 24 h is out)
      within48h: 9, // + r2 (30 h), r14 (24 h)
      within72h: 10, // + r3 (60 h); r13 at exactly 72 h is out
      untested72h: 3, // r4, r12, r13 (r5 is exempt)
      coverage72h: 10 / 13,
      pendingResults: 1, // r3
      positiveToday: 1, // r6 (r14's came yesterday)
      poolPositivePendingRetest: 1, // r7 (r8 retested)
      exempt: 1, // r5
    });
  });

  test('vaccination', async () => {
    const { health } = await indexesOf(COMMUNITY_A1);
    expect(health.vaccination).toEqual({
      firstDose: 4, // r1 r2 r3 r4 (r5's dose is after T)
      fullyVaccinated: 3, // r1 r2 r3
      boosted: 1, // r2
      coverage: 3 / 14,
      elderly60PlusFullyVaccinatedRate: 1 / 3, // 60+: r2 (fully), r4, r12
      elderly80PlusUnvaccinated: 1, // r12 (r4 has doses)
    });
  });

  test('codes, observation and venues', async () => {
    const { health } = await indexesOf(COMMUNITY_A1);
    // RED: r6 (case), r7 (pool), r10 (contact). YELLOW: r9 (observation), r12 (never sampled), r13 (venue exposure).
    expect(health.healthCodes).toEqual({ green: 8, yellow: 3, red: 3 });
    expect(health.homeObservation).toEqual({ active: 1 });
    expect(health.venues).toEqual({ abnormalScans24h: 1 });
  });
});

describe('levels', () => {
  test('a town adds its other communities; the district adds the other towns; an empty town is all zeros', async () => {
    const town = await indexesOf(TOWN_A);
    expect(town.population.residents).toBe(15);
    expect(town.health.testing.sampledToday).toBe(6); // + a2
    expect(town.health.healthCodes).toEqual({ green: 9, yellow: 3, red: 3 });

    const district = await indexesOf(DISTRICT);
    expect(district.population.residents).toBe(16);
    expect(district.health.testing.untested72h).toBe(4); // + b1, whose exemption ended before T
    expect(district.health.healthCodes).toEqual({ green: 9, yellow: 4, red: 3 });
    expect(district.health.vaccination.elderly60PlusFullyVaccinatedRate).toBe(1 / 4); // + b1 (76)

    const empty = await indexesOf(TOWN_EMPTY);
    expect(empty.health.healthCodes).toEqual({ green: 0, yellow: 0, red: 0 });
    expect(empty.health.testing.coverage72h).toBe(0);
  });

  test('green + yellow + red = residents at every level', async () => {
    for (const code of [DISTRICT, TOWN_A, TOWN_B, COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1]) {
      const { health, population } = await indexesOf(code);
      const { green, yellow, red } = health.healthCodes;
      expect(green + yellow + red, code).toBe(population.residents);
    }
  });

  test('the dashboard shape: a region and its children in one request', async () => {
    const data = await platform.data(
      `query($code: ID!, $asOf: DateTime) { region(code: $code) { health(asOf: $asOf) { testing { sampledToday } }
        children { code health(asOf: $asOf) { testing { sampledToday } healthCodes { green yellow red } } } } }`,
      { code: DISTRICT, asOf: T.toISOString() },
    );
    const sums = data.region.children.reduce((sum: number, child: any) => sum + child.health.testing.sampledToday, 0);
    expect(sums).toBe(data.region.health.testing.sampledToday);
  });
});

describe('asOf', () => {
  test('an earlier instant sees only what held then', async () => {
    const earlier = await indexesOf(COMMUNITY_A1, before(26));
    // 26 h before T, r7's pool result (10 h before T) was not known yet; r8's was, and r8's retest was not taken yet.
    expect(earlier.health.testing.poolPositivePendingRetest).toBe(1); // r8's pool (result 30 h before T), not retested until 20 h before T
    expect(earlier.health.homeObservation.active).toBe(1);
    expect(earlier.population.residents).toBe(15); // 'gone' still lived here
  });

  test('the same past instant gives the same answer after later facts arrive', async () => {
    const first = await indexesOf(COMMUNITY_A1);
    await sample('r12', -1, 'SINGLE', 'NEGATIVE', -2); // a sample after T
    expect(await indexesOf(COMMUNITY_A1)).toEqual(first);
  });

  test('asOf in the future is refused', async () => {
    const response = await platform.gql(INDEXES, { code: DISTRICT, asOf: new Date(Date.now() + 3600_000).toISOString() });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
  });
});
