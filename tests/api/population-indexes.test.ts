/**
 * Region.population(asOf): the 9 population indexes (domain.md, "The 39
 * indexes") of communities, towns and the district, now and at past instants.
 *
 * One hand-built fixture; every expected number below is counted by hand from
 * it. The main past instant T1 is 2024-03-10T17:30:00Z, which is already
 * 2024-03-11 in Asia/Shanghai: ages are taken on that date, so the residents
 * born on 11 March sit exactly on a birthday there (and would be a year
 * younger if the UTC date were used). Today (when this was written) is late
 * 2026; the expectations "now" only assume today is after 2024-06-01 and
 * before 2033 (the 2015-born child turns 18 in 2033).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const T1 = '2024-03-10T17:30:00.000Z'; // Shanghai 2024-03-11 01:30
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();
const justAfter = (iso: string) => new Date(Date.parse(iso) + 1).toISOString();
const EARLY = new Date('2020-01-01T00:00:00Z'); // builders' default moved-in
const BEFORE = new Date('2023-01-01T00:00:00Z'); // before T1
const LATER = new Date('2024-06-01T00:00:00Z'); // after T1, before now
const LATER2 = new Date('2024-09-01T00:00:00Z'); // after LATER, before now

interface Indexes {
  residents: number;
  households: number;
  registered: number;
  floating: number;
  overseas: number;
  children: number;
  elderly60Plus: number;
  elderly80Plus: number;
  specialCare: number;
}
const FIELDS = ['residents', 'households', 'registered', 'floating', 'overseas', 'children', 'elderly60Plus', 'elderly80Plus', 'specialCare'] as const;

/** Indexes in FIELDS order, to keep the tables below readable. */
function idx(...values: number[]): Indexes {
  expect(values).toHaveLength(9);
  return Object.fromEntries(FIELDS.map((field, i) => [field, values[i]])) as unknown as Indexes;
}
const ZERO = idx(0, 0, 0, 0, 0, 0, 0, 0, 0);

//                               res  hh  reg flo ovs chi  60  80 spc
const AT_T1: Record<string, Indexes> = {
  [COMMUNITY_A1]: idx(6, 3, 4, 1, 1, 1, 1, 0, 2),
  [COMMUNITY_A2]: idx(4, 2, 2, 1, 1, 0, 2, 1, 2),
  [COMMUNITY_B1]: idx(4, 2, 3, 0, 1, 1, 1, 1, 1),
  [COMMUNITY_B2]: idx(3, 2, 1, 2, 0, 0, 2, 0, 0),
  [TOWN_A]: idx(10, 5, 6, 2, 2, 1, 3, 1, 4),
  [TOWN_B]: idx(7, 4, 4, 2, 1, 1, 3, 1, 1),
  [TOWN_EMPTY]: ZERO,
  [DISTRICT]: idx(17, 9, 10, 4, 3, 2, 6, 2, 5),
};
const NOW: Record<string, Indexes> = {
  [COMMUNITY_A1]: idx(6, 4, 5, 0, 1, 1, 1, 0, 2),
  [COMMUNITY_A2]: idx(4, 2, 2, 1, 1, 0, 2, 2, 2),
  [COMMUNITY_B1]: idx(5, 3, 3, 1, 1, 1, 1, 1, 1),
  [COMMUNITY_B2]: idx(3, 2, 1, 2, 0, 0, 2, 0, 0),
  [TOWN_A]: idx(10, 6, 7, 1, 2, 1, 3, 2, 4),
  [TOWN_B]: idx(8, 5, 4, 3, 1, 1, 3, 1, 1),
  [TOWN_EMPTY]: ZERO,
  [DISTRICT]: idx(18, 11, 11, 4, 3, 2, 6, 3, 5),
};

let platform: TestPlatform;
const ids: Record<string, number> = {};

beforeAll(async () => {
  platform = await startTestPlatform();
  const { seed } = platform;
  await seed.regionTree();
  const add = async (key: string, spec: Parameters<typeof seed.resident>[0]) => {
    ids[key] = (await seed.resident(spec)).id;
  };

  // Community A1. Household hA: three members, one of whom moves out after T1.
  const hA = await seed.household(COMMUNITY_A1, 'A1 Lane 1');
  await add('a1', { community: COMMUNITY_A1, household: hA, residencyType: 'REGISTERED', birthDate: '2006-03-11', tags: ['BEDRIDDEN'] }); // 18 on T1's day
  await add('a2', { community: COMMUNITY_A1, household: hA, residencyType: 'REGISTERED', birthDate: '2006-03-12' }); // 17 at T1
  await add('a3', { community: COMMUNITY_A1, household: hA, residencyType: 'FLOATING', birthDate: '1964-03-11', movedOutAt: LATER }); // 60 at T1
  // Household hB: a non-special tag, and a special tag that ended before T1.
  const hB = await seed.household(COMMUNITY_A1, 'A1 Lane 2');
  await add('a4', { community: COMMUNITY_A1, household: hB, residencyType: 'REGISTERED', birthDate: '1964-03-12', tags: ['KEY_INDUSTRY_WORKER'] }); // 59 at T1
  await add('a5', {
    community: COMMUNITY_A1,
    household: hB,
    residencyType: 'OVERSEAS',
    birthDate: '1990-06-15',
    tags: [{ code: 'DIALYSIS', at: new Date('2021-01-01T00:00:00Z'), until: BEFORE }],
  });
  // Moved out before T1 (alone in a household, with a special tag): never counted, nor is the household.
  await add('a6', { community: COMMUNITY_A1, residencyType: 'FLOATING', birthDate: '1990-07-07', tags: ['BEDRIDDEN'], movedOutAt: BEFORE });
  // Moved in after T1 (alone in a household): counted now only.
  await add('a7', { community: COMMUNITY_A1, residencyType: 'REGISTERED', birthDate: '2020-05-05', movedInAt: LATER });
  // Tagged exactly at T1: special care at T1, not a millisecond before.
  await add('a8', { community: COMMUNITY_A1, residencyType: 'REGISTERED', birthDate: '1980-01-01', tags: [{ code: 'PREGNANT', at: new Date(T1) }] });

  // Community A2. Household hE: 80 and 79 at T1; two special tags count once; a tag added after T1.
  const hE = await seed.household(COMMUNITY_A2, 'A2 Lane 1');
  await add('b1', { community: COMMUNITY_A2, household: hE, residencyType: 'REGISTERED', birthDate: '1944-03-11', tags: ['ELDERLY_LIVING_ALONE', 'BEDRIDDEN'] });
  await add('b2', { community: COMMUNITY_A2, household: hE, residencyType: 'REGISTERED', birthDate: '1944-03-12', tags: [{ code: 'DISABLED', at: LATER }] });
  // Household hF: a tag held at T1 that ended later (LATER2, after b2's began); moved in exactly at T1; moved out exactly at T1.
  const hF = await seed.household(COMMUNITY_A2, 'A2 Lane 2');
  await add('b3', { community: COMMUNITY_A2, household: hF, residencyType: 'FLOATING', birthDate: '2006-03-10', tags: [{ code: 'DIALYSIS', at: BEFORE, until: LATER2 }] });
  await add('b4', { community: COMMUNITY_A2, household: hF, residencyType: 'OVERSEAS', birthDate: '1985-01-01', movedInAt: new Date(T1) });
  await add('b5', { community: COMMUNITY_A2, household: hF, residencyType: 'FLOATING', birthDate: '1985-01-02', movedOutAt: new Date(T1) });

  // Community B1. Household hG: a child, a special tag, a special tag that ended exactly at T1.
  const hG = await seed.household(COMMUNITY_B1, 'B1 Lane 1');
  await add('c1', { community: COMMUNITY_B1, household: hG, residencyType: 'REGISTERED', birthDate: '2015-01-01' });
  await add('c2', { community: COMMUNITY_B1, household: hG, residencyType: 'REGISTERED', birthDate: '1970-01-01', tags: ['DISABLED'] });
  await add('c6', {
    community: COMMUNITY_B1,
    household: hG,
    residencyType: 'REGISTERED',
    birthDate: '1981-01-01',
    tags: [{ code: 'PREGNANT', at: new Date('2021-01-01T00:00:00Z'), until: new Date(T1) }],
  });
  await add('c3', { community: COMMUNITY_B1, residencyType: 'OVERSEAS', birthDate: '1930-02-28' }); // 94 at T1
  await add('c4', { community: COMMUNITY_B1, residencyType: 'FLOATING', birthDate: '1990-01-01', movedInAt: new Date(justAfter(T1)) });

  // Community B2: birthdays on and around 29 February (checked in 2022, a common year).
  const hJ = await seed.household(COMMUNITY_B2, 'B2 Lane 1');
  await add('d1', { community: COMMUNITY_B2, household: hJ, residencyType: 'REGISTERED', birthDate: '2004-02-29', movedInAt: EARLY });
  await add('d2', { community: COMMUNITY_B2, household: hJ, residencyType: 'FLOATING', birthDate: '1962-02-28', movedInAt: EARLY });
  await add('d3', {
    community: COMMUNITY_B2,
    residencyType: 'FLOATING',
    birthDate: '1962-03-01',
    movedInAt: EARLY,
    tags: ['KEY_INDUSTRY_WORKER', 'EXEMPT_FROM_TESTING'],
  });
});
afterAll(() => platform?.stop());

const POPULATION = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) { code population(asOf: $asOf) { ${FIELDS.join(' ')} } }
}`;

async function population(code: string, asOf?: string): Promise<Indexes> {
  const { region } = await platform.data(POPULATION, { code, asOf });
  return region.population;
}

// The population part of the contract's RegionDashboard: a region, its parent and its children, one request.
const DASHBOARD = `query RegionDashboard($code: ID!, $asOf: DateTime) {
  region(code: $code) {
    ...RegionIndexes
    parent { code name level }
    children { ...RegionIndexes }
  }
}

fragment RegionIndexes on Region {
  code
  name
  level
  population(asOf: $asOf) {
    residents households registered floating overseas
    children elderly60Plus elderly80Plus specialCare
  }
}`;

interface DashboardRegion {
  code: string;
  name: string;
  level: string;
  population: Indexes;
  parent: { code: string; name: string; level: string } | null;
  children: { code: string; name: string; level: string; population: Indexes }[];
}

async function dashboard(code: string, asOf?: string): Promise<DashboardRegion> {
  return (await platform.data(DASHBOARD, { code, asOf })).region;
}

function sum(list: Indexes[]): Indexes {
  return Object.fromEntries(FIELDS.map((field) => [field, list.reduce((total, item) => total + item[field], 0)])) as unknown as Indexes;
}

describe('at a past instant (T1)', () => {
  test.each(Object.keys(AT_T1))('region %s', async (code) => {
    expect(await population(code, T1)).toEqual(AT_T1[code]);
  });

  test('the same instant written with a +08:00 offset gives the same answer', async () => {
    expect(await population(DISTRICT, '2024-03-11T01:30:00+08:00')).toEqual(AT_T1[DISTRICT]);
  });
});

describe('now (asOf omitted)', () => {
  test.each(Object.keys(NOW))('region %s', async (code) => {
    expect(await population(code)).toEqual(NOW[code]);
  });

  test('asOf: null is now too', async () => {
    expect((await platform.data(POPULATION, { code: DISTRICT, asOf: null })).region.population).toEqual(NOW[DISTRICT]);
  });

  test('asOf a moment ago is the same as now (nothing changed since)', async () => {
    expect(await population(DISTRICT, new Date(Date.now() - 1000).toISOString())).toEqual(NOW[DISTRICT]);
  });
});

describe('history: what held at T1, not what holds now', () => {
  test('a resident who moved in after T1 is not counted at T1 (a7: child, new household)', async () => {
    const [past, now] = [await population(COMMUNITY_A1, T1), await population(COMMUNITY_A1)];
    // a3 moved out after T1 (FLOATING, 60 at T1), a7 moved in after (REGISTERED child, alone in a new household).
    expect({ residents: past.residents, registered: past.registered, floating: past.floating, households: past.households }).toEqual({
      residents: 6,
      registered: 4,
      floating: 1,
      households: 3,
    });
    expect({ residents: now.residents, registered: now.registered, floating: now.floating, households: now.households }).toEqual({
      residents: 6,
      registered: 5,
      floating: 0,
      households: 4,
    });
  });

  test('a resident who moved out after T1 is counted at T1 (a3)', async () => {
    // Just before a3 moved out she is still counted; at the moment she moved out she is not.
    expect((await population(COMMUNITY_A1, justBefore(LATER.toISOString()))).floating).toBe(1);
    expect((await population(COMMUNITY_A1, LATER.toISOString())).floating).toBe(0);
  });

  test('a tag added after T1 is not counted at T1; one ended after T1 is (A2: b2 tagged at LATER, b3 untagged at LATER2)', async () => {
    expect((await population(COMMUNITY_A2, T1)).specialCare).toBe(2); // b1, b3
    expect((await population(COMMUNITY_A2, justBefore(LATER.toISOString()))).specialCare).toBe(2); // b1, b3
    expect((await population(COMMUNITY_A2, LATER.toISOString())).specialCare).toBe(3); // b1, b2, b3
    expect((await population(COMMUNITY_A2, justBefore(LATER2.toISOString()))).specialCare).toBe(3); // b1, b2, b3
    expect((await population(COMMUNITY_A2, LATER2.toISOString())).specialCare).toBe(2); // b1, b2
    expect((await population(COMMUNITY_A2)).specialCare).toBe(2); // b1, b2
    expect((await population(DISTRICT, LATER.toISOString())).specialCare).toBe(6); // a1, a8, b1, b2, b3, c2
  });

  test('ages are taken at the instant, not today', async () => {
    // At T1 a2 (born 2006-03-12) is a child and b2 (1944-03-12) is 79; today both are older.
    expect((await population(COMMUNITY_A1, T1)).children).toBe(1); // a2
    expect((await population(COMMUNITY_A2, T1)).elderly80Plus).toBe(1); // b1
    expect((await population(COMMUNITY_A2)).elderly80Plus).toBe(2); // b1, b2
  });

  test('before anybody moved in, everything is zero', async () => {
    expect(await population(DISTRICT, '2019-12-31T23:59:59Z')).toEqual(ZERO);
  });
});

describe('boundaries of the instant', () => {
  test('moved in exactly at T counts, moved out exactly at T does not (A2: b4 in, b5 out)', async () => {
    const before = await population(COMMUNITY_A2, justBefore(T1));
    const at = await population(COMMUNITY_A2, T1);
    expect({ residents: before.residents, floating: before.floating, overseas: before.overseas }).toEqual({ residents: 4, floating: 2, overseas: 0 });
    expect({ residents: at.residents, floating: at.floating, overseas: at.overseas }).toEqual({ residents: 4, floating: 1, overseas: 1 });
  });

  test('moved in a millisecond after T does not count at T (B1: c4)', async () => {
    expect((await population(COMMUNITY_B1, T1)).residents).toBe(4);
    expect((await population(COMMUNITY_B1, justAfter(T1))).residents).toBe(5);
  });

  test('a tag put on exactly at T counts at T (A1: a8)', async () => {
    expect((await population(COMMUNITY_A1, justBefore(T1))).specialCare).toBe(1); // a1
    expect((await population(COMMUNITY_A1, T1)).specialCare).toBe(2); // a1, a8
  });

  test('a tag taken off exactly at T does not count at T (B1: c6)', async () => {
    expect((await population(COMMUNITY_B1, justBefore(T1))).specialCare).toBe(2); // c2, c6
    expect((await population(COMMUNITY_B1, T1)).specialCare).toBe(1); // c2
  });
});

describe('ages on the Asia/Shanghai calendar day of the instant', () => {
  // 2024-03-10T16:00Z is midnight of 11 March in Shanghai, still 10 March in UTC.
  const lastOf10March = '2024-03-10T15:59:59.999Z';
  const firstOf11March = '2024-03-10T16:00:00.000Z';

  test('turning 18 and 60 at Shanghai midnight (A1: a1 born 2006-03-11, a3 born 1964-03-11)', async () => {
    const before = await population(COMMUNITY_A1, lastOf10March);
    const after = await population(COMMUNITY_A1, firstOf11March);
    expect({ children: before.children, elderly60Plus: before.elderly60Plus }).toEqual({ children: 2, elderly60Plus: 0 });
    expect({ children: after.children, elderly60Plus: after.elderly60Plus }).toEqual({ children: 1, elderly60Plus: 1 });
  });

  test('turning 80 at Shanghai midnight (A2: b1 born 1944-03-11)', async () => {
    expect((await population(COMMUNITY_A2, lastOf10March)).elderly80Plus).toBe(0);
    expect((await population(COMMUNITY_A2, firstOf11March)).elderly80Plus).toBe(1);
    expect((await population(COMMUNITY_A2, firstOf11March)).elderly60Plus).toBe(2); // b1 80, b2 79
  });

  test('the day before a birthday is still the younger age (A1: a2 17, a4 59 at T1; A2: b2 79)', async () => {
    const a1 = await population(COMMUNITY_A1, T1);
    expect(a1.children).toBe(1); // a2 only (a1 turned 18 that day)
    expect(a1.elderly60Plus).toBe(1); // a3 only (a4 turns 60 the next day)
    expect((await population(COMMUNITY_A2, T1)).elderly80Plus).toBe(1); // b1 only
  });

  test('29 February birthdays in a common year turn over on 1 March (B2, 2022)', async () => {
    // d1 born 2004-02-29: 17 on 28 Feb 2022, 18 on 1 Mar. d2 born 1962-02-28: 60 on 28 Feb. d3 born 1962-03-01: 60 on 1 Mar.
    const feb28 = await population(COMMUNITY_B2, '2022-02-28T15:59:59Z'); // 23:59:59 on 28 Feb in Shanghai
    const mar1 = await population(COMMUNITY_B2, '2022-02-28T16:00:00Z'); // 00:00 on 1 Mar in Shanghai
    expect({ children: feb28.children, elderly60Plus: feb28.elderly60Plus }).toEqual({ children: 1, elderly60Plus: 1 });
    expect({ children: mar1.children, elderly60Plus: mar1.elderly60Plus }).toEqual({ children: 0, elderly60Plus: 2 });
    // And a day earlier d2 was still 59.
    expect((await population(COMMUNITY_B2, '2022-02-27T15:59:59Z')).elderly60Plus).toBe(0);
  });
});

describe('invariants', () => {
  const instants: [string, string | undefined][] = [
    ['now', undefined],
    ['T1', T1],
    ['just before T1', justBefore(T1)],
    ['Shanghai midnight before T1', '2024-03-10T16:00:00.000Z'],
    ['2022', '2022-02-28T16:00:00Z'],
  ];

  test.each(instants)('a parent\'s counts are the sum of its children\'s (%s)', async (_, asOf) => {
    const district = await dashboard(DISTRICT, asOf);
    expect(district.population).toEqual(sum(district.children.map((town) => town.population)));
    for (const town of [TOWN_A, TOWN_B, TOWN_EMPTY]) {
      const region = await dashboard(town, asOf);
      expect(region.population).toEqual(sum(region.children.map((community) => community.population)));
    }
  });

  test.each(instants)('residents are registered + floating + overseas (%s)', async (_, asOf) => {
    for (const code of Object.keys(AT_T1)) {
      const p = await population(code, asOf);
      expect(p.registered + p.floating + p.overseas).toBe(p.residents);
      expect(p.households).toBeLessThanOrEqual(p.residents);
      expect(p.elderly80Plus).toBeLessThanOrEqual(p.elderly60Plus);
      expect(p.children + p.elderly60Plus).toBeLessThanOrEqual(p.residents);
    }
  });

  test('a town without communities gives zeros, now and in the past', async () => {
    expect(await population(TOWN_EMPTY)).toEqual(ZERO);
    expect(await population(TOWN_EMPTY, T1)).toEqual(ZERO);
    const town = await dashboard(TOWN_EMPTY);
    expect(town.children).toEqual([]);
  });
});

describe('asOf', () => {
  test.each([
    ['an hour from now', () => new Date(Date.now() + 3600_000).toISOString()],
    ['a minute from now', () => new Date(Date.now() + 60_000).toISOString()],
    ['next year', () => new Date(Date.now() + 366 * 86_400_000).toISOString()],
  ])('in the future (%s) is refused, naming asOf', async (_, asOf) => {
    const response = await platform.gql(POPULATION, { code: DISTRICT, asOf: asOf() });
    expect(response.errors, JSON.stringify(response)).toHaveLength(1);
    expect(response.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions?.field).toBe('asOf');
  });

  test('in the future on a child in the dashboard is refused too', async () => {
    const response = await platform.gql(DASHBOARD, { code: TOWN_A, asOf: new Date(Date.now() + 3600_000).toISOString() });
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(response.errors!.every((error) => error.extensions?.code === 'BAD_USER_INPUT' && error.extensions?.field === 'asOf')).toBe(true);
  });

  test('not a date-time is refused', async () => {
    const response = await platform.gql(POPULATION, { code: DISTRICT, asOf: 'yesterday' });
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(response.data?.region ?? null).toBeNull();
  });

  test('not a date-time is the client\'s mistake: BAD_USER_INPUT', async () => {
    for (const response of [
      await platform.gql(POPULATION, { code: DISTRICT, asOf: 'yesterday' }),
      await platform.gql(`{ region(code: "${DISTRICT}") { population(asOf: "2024-13-45T00:00:00Z") { residents } } }`),
    ]) {
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('the dashboard (RegionDashboard, population part)', () => {
  test('the district and its towns, in one request, at T1', async () => {
    expect(await dashboard(DISTRICT, T1)).toEqual({
      code: DISTRICT,
      name: 'Qingpu District',
      level: 'DISTRICT',
      population: AT_T1[DISTRICT],
      parent: null,
      children: [
        { code: TOWN_A, name: 'Xiayang Subdistrict', level: 'TOWN', population: AT_T1[TOWN_A] },
        { code: TOWN_B, name: 'Zhaoxiang Town', level: 'TOWN', population: AT_T1[TOWN_B] },
        { code: TOWN_EMPTY, name: 'Baihe Town', level: 'TOWN', population: ZERO },
      ],
    });
  });

  test('a town and its communities, now', async () => {
    expect(await dashboard(TOWN_B)).toEqual({
      code: TOWN_B,
      name: 'Zhaoxiang Town',
      level: 'TOWN',
      population: NOW[TOWN_B],
      parent: { code: DISTRICT, name: 'Qingpu District', level: 'DISTRICT' },
      children: [
        { code: COMMUNITY_B1, name: 'Xiangjia Residential Community', level: 'COMMUNITY', population: NOW[COMMUNITY_B1] },
        { code: COMMUNITY_B2, name: 'Zhaotun Village', level: 'COMMUNITY', population: NOW[COMMUNITY_B2] },
      ],
    });
  });

  test('a community: its town as parent, no children', async () => {
    expect(await dashboard(COMMUNITY_A1, T1)).toEqual({
      code: COMMUNITY_A1,
      name: 'Xiayang Residential Community',
      level: 'COMMUNITY',
      population: AT_T1[COMMUNITY_A1],
      parent: { code: TOWN_A, name: 'Xiayang Subdistrict', level: 'TOWN' },
      children: [],
    });
  });

  test('regions at several instants in one request each get their own instant', async () => {
    const data = await platform.data(
      `query($t1: DateTime) { region(code: "${TOWN_A}") { past: population(asOf: $t1) { residents households } now: population { residents households } } }`,
      { t1: T1 },
    );
    expect(data.region.past).toEqual({ residents: AT_T1[TOWN_A]!.residents, households: AT_T1[TOWN_A]!.households });
    expect(data.region.now).toEqual({ residents: NOW[TOWN_A]!.residents, households: NOW[TOWN_A]!.households });
  });
});

// Runs last: it changes the data through the API.
describe('a past instant gives the same answer after new facts arrive', () => {
  test('registering, moving out, moving, retyping and (un)tagging now leave T1 and a moment ago unchanged', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(5);
    const T2 = new Date().toISOString();
    await sleep(5);
    const snapshot = async () => ({
      t1: await dashboard(DISTRICT, T1),
      t2: await dashboard(DISTRICT, T2),
      t1A: await dashboard(TOWN_A, T1),
      t2A: await dashboard(TOWN_A, T2),
      t2B: await dashboard(TOWN_B, T2),
    });
    const before = await snapshot();
    expect(before.t1.population).toEqual(AT_T1[DISTRICT]);
    expect(before.t2.population).toEqual(NOW[DISTRICT]);

    const mutate = (query: string, variables: Record<string, unknown>) => platform.data(query, variables);
    await mutate(`mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`, {
      input: {
        name: 'Newcomer',
        idNumber: platform.seed.identityNumber('1991-01-01', 'FEMALE'),
        phone: '13700000001',
        residencyType: 'REGISTERED',
        communityCode: COMMUNITY_A1,
        address: 'A1 Lane 99',
      },
    });
    const TAG = `mutation($id: ID!, $tag: String!) { tagResident(residentId: $id, tagCode: $tag, reason: "test") { id } }`;
    const UNTAG = `mutation($id: ID!, $tag: String!) { untagResident(residentId: $id, tagCode: $tag, reason: "test") { id } }`;
    const UPDATE = `mutation($id: ID!, $input: UpdateResidentInput!) { updateResident(id: $id, input: $input) { id } }`;
    await mutate(TAG, { id: String(ids.a2), tag: 'BEDRIDDEN' });
    await mutate(UNTAG, { id: String(ids.a1), tag: 'BEDRIDDEN' });
    await mutate(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: String(ids.a4) });
    await mutate(UPDATE, { id: String(ids.a5), input: { residencyType: 'REGISTERED' } });
    await mutate(UPDATE, { id: String(ids.b4), input: { communityCode: COMMUNITY_B1, address: 'B1 Lane 7' } });

    expect(await snapshot()).toEqual(before);

    // The new facts are there now: A1 +newcomer −a4, a5 OVERSEAS→REGISTERED; b4 moved from A2 to B1;
    // a1's BEDRIDDEN off, a2's on.
    expect(await population(COMMUNITY_A1)).toEqual(idx(6, 5, 6, 0, 0, 1, 0, 0, 2));
    expect(await population(COMMUNITY_A2)).toEqual(idx(3, 2, 2, 1, 0, 0, 2, 2, 2));
    expect(await population(COMMUNITY_B1)).toEqual(idx(6, 4, 3, 1, 2, 1, 1, 1, 1));
    expect(await population(DISTRICT)).toEqual(idx(18, 13, 12, 4, 2, 2, 5, 3, 5));
  });
});

describe('people(index:): the residents behind each index', () => {
  const INDEX_OF: Record<(typeof FIELDS)[number], string | null> = {
    residents: 'RESIDENTS',
    households: null, // counts households, not residents: no list
    registered: 'REGISTERED',
    floating: 'FLOATING',
    overseas: 'OVERSEAS',
    children: 'CHILDREN',
    elderly60Plus: 'ELDERLY_60_PLUS',
    elderly80Plus: 'ELDERLY_80_PLUS',
    specialCare: 'SPECIAL_CARE',
  };
  const PEOPLE = `query($code: ID!, $asOf: DateTime, $index: PopulationIndex!, $after: String) {
    region(code: $code) { population(asOf: $asOf) {
      people(index: $index, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id address community { code } } }
      }
    } }
  }`;
  interface Person {
    id: string;
    address: string;
    community: { code: string };
  }

  interface PeoplePage {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string };
    edges: { node: Person }[];
  }

  /** Every page, 2 at a time; the totals of all pages must agree. */
  async function everyone(code: string, index: string, asOf?: string): Promise<{ totalCount: number; people: Person[] }> {
    const people: Person[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let page = 0; page < 20; page++) {
      const list: PeoplePage = (await platform.data(PEOPLE, { code, asOf, index, after })).region.population.people;
      if (totalCount >= 0) expect(list.totalCount).toBe(totalCount);
      totalCount = list.totalCount;
      people.push(...list.edges.map((edge: { node: Person }) => edge.node));
      if (!list.pageInfo.hasNextPage) return { totalCount, people };
      after = list.pageInfo.endCursor;
    }
    throw new Error('more pages than residents');
  }

  const byListOrder = (a: Person, b: Person) =>
    (a.community.code < b.community.code ? -1 : a.community.code > b.community.code ? 1 : 0) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) || Number(a.id) - Number(b.id);

  test.each(Object.keys(AT_T1).flatMap((code) => [[code, T1] as const, [code, undefined] as const]))('%s at %s: every list totals its index, in community and address order', async (code, asOf) => {
    // Now: earlier tests in this file changed the residents since NOW was counted, so compare with the API's own indexes.
    const indexes = asOf ? AT_T1[code]! : await population(code);
    for (const field of FIELDS) {
      const index = INDEX_OF[field];
      if (index === null) continue;
      const { totalCount, people } = await everyone(code, index, asOf);
      expect({ field, totalCount, listed: people.length }).toEqual({ field, totalCount: indexes[field], listed: indexes[field] });
      expect(new Set(people.map((person) => person.id)).size).toBe(people.length);
      // A node is the resident as they are now; where they lived at a past instant orders the list but is not shown.
      if (asOf) continue;
      expect(people.every((person) => person.community.code.startsWith(code))).toBe(true);
      expect([...people].sort(byListOrder)).toEqual(people);
    }
  });

  test('the lists name the residents the definitions pick, at the birthday boundary and the tagging instant', async () => {
    const ids_ = async (code: string, index: string, asOf?: string) => (await everyone(code, index, asOf)).people.map((person) => Number(person.id)).sort((a, b) => a - b);
    const sorted = (...keys: string[]) => keys.map((key) => ids[key]!).sort((a, b) => a - b);
    expect(await ids_(COMMUNITY_A1, 'ELDERLY_60_PLUS', T1)).toEqual(sorted('a3')); // 60 on T1's Shanghai day; a4 is 59
    expect(await ids_(COMMUNITY_A1, 'CHILDREN', T1)).toEqual(sorted('a2')); // a1 turns 18 that day
    expect(await ids_(COMMUNITY_A1, 'SPECIAL_CARE', T1)).toEqual(sorted('a1', 'a8')); // a8 tagged exactly at T1
    expect(await ids_(COMMUNITY_A1, 'SPECIAL_CARE', justBefore(T1))).toEqual(sorted('a1'));
    expect(await ids_(COMMUNITY_A2, 'RESIDENTS', T1)).toEqual(sorted('b1', 'b2', 'b3', 'b4')); // b4 moved in at T1, b5 out
    expect(await ids_(TOWN_EMPTY, 'RESIDENTS')).toEqual([]);
  });

  test('a cursor from another list, or garbage, is a BAD_USER_INPUT naming after', async () => {
    const response = await platform.gql(PEOPLE, { code: DISTRICT, index: 'RESIDENTS', after: 'not-a-cursor' });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe('after');
    expect(response.data.region.population).not.toBeNull(); // the list nulls itself, not the indexes
  });
});
