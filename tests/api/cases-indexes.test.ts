/**
 * Region.cases(asOf): the 5 case indexes against hand-built fixtures at a past
 * instant, for every level (parents are the sums of their children), read from
 * the timeline and not from the current status, in one statement per level.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { casesBuilders } from '../support/cases-builders.js';
import { errorOf, startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;

// 12:00 on 10 October 2026 in Shanghai; that calendar day began at 2026-10-09T16:00Z.
const T = new Date('2026-10-10T04:00:00Z');
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  const b = casesBuilders(platform.test.database.db);
  const makeshift = (await b.facility({ type: 'MAKESHIFT_HOSPITAL', capacity: 50 })).id;
  const designated = (await b.facility({ type: 'DESIGNATED_HOSPITAL', capacity: 50 })).id;
  const home = (await b.facility({ type: 'HOME_ISOLATION', capacity: 500 })).id;
  let resident = 9000;
  const c = (spec: Omit<Parameters<typeof b.positiveCase>[0], 'residentId'>) => b.positiveCase({ residentId: ++resident, ...spec });

  // Community A1
  const c1 = await c({ reportedAt: at('2026-10-10T01:00:00Z') }); // today, REPORTED
  await c({ reportedAt: at('2026-10-09T15:59:00Z'), steps: [{ at: at('2026-10-09T20:00:00Z'), type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId: makeshift }] }); // yesterday (23:59 Shanghai)
  await c({ reportedAt: at('2026-10-10T05:00:00Z') }); // after T: not yet a case
  const c4 = await c({ reportedAt: at('2026-10-01T02:00:00Z'), steps: [{ at: at('2026-10-02T02:00:00Z'), type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId: home }] });
  await c({
    reportedAt: at('2026-10-01T03:00:00Z'),
    steps: [
      { at: at('2026-10-02T03:00:00Z'), type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId: designated },
      { at: at('2026-10-08T03:00:00Z'), type: 'DISCHARGED', status: 'DISCHARGED' },
    ],
  });
  await c({
    // In a makeshift hospital at T, discharged since: the current status must not leak into T.
    reportedAt: at('2026-10-01T04:00:00Z'),
    steps: [
      { at: at('2026-10-02T04:00:00Z'), type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId: makeshift },
      { at: at('2026-10-11T00:00:00Z'), type: 'DISCHARGED', status: 'DISCHARGED' },
    ],
  });
  await c({ reportedAt: at('2026-10-01T05:00:00Z'), steps: [{ at: at('2026-10-05T05:00:00Z'), type: 'DECEASED', status: 'DECEASED' }] });
  await c({ reportedAt: at('2026-10-10T03:00:00Z'), steps: [{ at: T, type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId: makeshift }] }); // transferred at T exactly
  // Community A2
  const c9 = await c({ communityCode: COMMUNITY_A2, reportedAt: at('2026-10-05T00:00:00Z') });
  // Community B1
  const c10 = await c({ communityCode: COMMUNITY_B1, reportedAt: at('2026-10-10T02:00:00Z') });

  // Close contacts count where they live at the instant (not in their case's community); distinct residents.
  for (const residentId of [5001, 5002, 5003, 5004, 5005]) await b.residence({ residentId, communityCode: COMMUNITY_A1 });
  await b.residence({ residentId: 5006, communityCode: COMMUNITY_A2 }); // a contact of a case in town B
  const q = (caseId: number, residentId: number, startsAt: string, endsAt: string, end?: { status: 'RELEASED' | 'CONVERTED_TO_CASE'; at: string }) =>
    b.contact({ caseId, residentId, startsAt: at(startsAt), endsAt: at(endsAt), status: end?.status, endedAt: end ? at(end.at) : null });
  await q(c1.id, 5001, '2026-10-10T01:30:00Z', '2026-10-24T01:30:00Z'); // in quarantine
  await q(c4.id, 5001, '2026-10-02T00:00:00Z', '2026-10-16T00:00:00Z'); // the same person again: counted once
  await q(c4.id, 5002, '2026-10-02T00:00:00Z', '2026-10-09T00:00:00Z'); // ended by itself before T
  await q(c4.id, 5003, '2026-10-02T00:00:00Z', '2026-10-16T00:00:00Z', { status: 'RELEASED', at: '2026-10-11T00:00:00Z' }); // released after T: in at T
  await q(c4.id, 5004, '2026-10-02T00:00:00Z', '2026-10-16T00:00:00Z', { status: 'RELEASED', at: '2026-10-09T00:00:00Z' }); // released before T
  await q(c9.id, 5005, '2026-10-05T00:00:00Z', '2026-10-19T00:00:00Z', { status: 'CONVERTED_TO_CASE', at: T.toISOString() }); // converted at T: out
  await q(c10.id, 5006, T.toISOString(), '2026-10-24T04:00:00Z'); // starts at T: in
});
afterAll(() => platform?.stop());

const DASHBOARD = `query RegionDashboard($code: ID!, $asOf: DateTime) {
  region(code: $code) {
    ...RegionIndexes
    children { ...RegionIndexes }
  }
}
fragment RegionIndexes on Region {
  code
  cases(asOf: $asOf) { newToday active inFacility discharged closeContactsInQuarantine }
}`;

const indexes = (newToday: number, active: number, inFacility: number, discharged: number, closeContactsInQuarantine: number) => ({
  newToday,
  active,
  inFacility,
  discharged,
  closeContactsInQuarantine,
});

describe('Region.cases(asOf)', () => {
  test('every level at a past instant, from the timeline', async () => {
    const district = (await platform.data(DASHBOARD, { code: DISTRICT, asOf: T.toISOString() })).region;
    expect(district.cases).toEqual(indexes(3, 7, 3, 1, 3));
    expect(Object.fromEntries(district.children.map((child: { code: string; cases: unknown }) => [child.code, child.cases]))).toEqual({
      [TOWN_A]: indexes(2, 6, 3, 1, 3),
      [TOWN_B]: indexes(1, 1, 0, 0, 0),
      [TOWN_EMPTY]: indexes(0, 0, 0, 0, 0),
    });
    const townA = (await platform.data(DASHBOARD, { code: TOWN_A, asOf: T.toISOString() })).region;
    expect(Object.fromEntries(townA.children.map((child: { code: string; cases: unknown }) => [child.code, child.cases]))).toEqual({
      [COMMUNITY_A1]: indexes(2, 5, 3, 1, 2),
      [COMMUNITY_A2]: indexes(0, 1, 0, 0, 1),
    });
    const townB = (await platform.data(DASHBOARD, { code: TOWN_B, asOf: T.toISOString() })).region;
    expect(townB.children.find((child: { code: string }) => child.code === COMMUNITY_B2).cases).toEqual(indexes(0, 0, 0, 0, 0));
  });

  test('other instants: a day later the makeshift case is discharged; an instant before the transfer it is REPORTED', async () => {
    const later = (await platform.data(DASHBOARD, { code: COMMUNITY_A1, asOf: '2026-10-12T00:00:00Z' })).region.cases;
    expect(later).toMatchObject({ newToday: 0, discharged: 2 });
    const before = (await platform.data(DASHBOARD, { code: COMMUNITY_A1, asOf: new Date(T.getTime() - 1).toISOString() })).region.cases;
    expect(before).toMatchObject({ newToday: 2, active: 5, inFacility: 2 });
  });

  test('a past instant within the history window reads no case table (the history in memory answers); the future is refused', async () => {
    await platform.data(DASHBOARD, { code: DISTRICT, asOf: T.toISOString() }); // the history is read once, at the first need
    const { statements } = await platform.test.countStatements(() => platform.data(DASHBOARD, { code: DISTRICT, asOf: new Date(T.getTime() + 1).toISOString() }));
    expect(statements.filter((s) => s.includes('cases.case_events') || s.includes('cases.positive_cases'))).toHaveLength(0);
    const future = await platform.gql(DASHBOARD, { code: DISTRICT, asOf: '2100-01-01T00:00:00Z' });
    expect(errorOf(future)?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
