/**
 * The administrative tree over the API: region(code), regions(level, parentCode),
 * parent and children. Fixture: the builders' tree (district 310118, towns A, B
 * and an empty one, communities A1, A2, B1, B2) plus two extra communities of
 * town B inserted in descending code order, so that "ordered by code" cannot
 * pass by accident of insertion order.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { regions } from '../../subgraphs/population/db.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { startTestPlatform, type TestPlatform, asViewer } from '../support/platform.js';

const COMMUNITY_B9 = '310118102009';
const COMMUNITY_B3 = '310118102003';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
  // Inserted out of code order on purpose.
  await platform.test.database.db.insert(regions).values({ code: COMMUNITY_B9, name: 'Zhaoxiang Village 9', level: 'COMMUNITY', parentCode: TOWN_B });
  await platform.test.database.db.insert(regions).values({ code: COMMUNITY_B3, name: 'Zhaoxiang Village 3', level: 'COMMUNITY', parentCode: TOWN_B });
});
afterAll(() => platform?.stop());

const REGION = `query($code: ID!) {
  region(code: $code) {
    code name level
    parent { code name level parent { code } }
    children { code name level parent { code } }
  }
}`;

const codes = (list: { code: string }[]) => list.map((region) => region.code);

describe('region(code)', () => {
  test('the district: no parent, its towns as children in code order', async () => {
    const { region } = await platform.data(REGION, { code: DISTRICT });
    expect(region).toMatchObject({ code: DISTRICT, name: 'Qingpu District', level: 'DISTRICT', parent: null });
    expect(codes(region.children)).toEqual([TOWN_A, TOWN_B, TOWN_EMPTY]);
    expect(region.children.map((child: { level: string }) => child.level)).toEqual(['TOWN', 'TOWN', 'TOWN']);
    expect(region.children.map((child: { parent: { code: string } }) => child.parent.code)).toEqual([DISTRICT, DISTRICT, DISTRICT]);
  });

  test('a town: the district as parent, its communities as children', async () => {
    const { region } = await platform.data(REGION, { code: TOWN_A });
    expect(region).toMatchObject({
      code: TOWN_A,
      name: 'Xiayang Subdistrict',
      level: 'TOWN',
      parent: { code: DISTRICT, name: 'Qingpu District', level: 'DISTRICT', parent: null },
    });
    expect(codes(region.children)).toEqual([COMMUNITY_A1, COMMUNITY_A2]);
    expect(region.children.every((child: { level: string }) => child.level === 'COMMUNITY')).toBe(true);
  });

  test('children are ordered by code, not by insertion order', async () => {
    const { region } = await platform.data(REGION, { code: TOWN_B });
    expect(codes(region.children)).toEqual([COMMUNITY_B1, COMMUNITY_B2, COMMUNITY_B3, COMMUNITY_B9]);
  });

  test('a town without communities has no children', async () => {
    const { region } = await platform.data(REGION, { code: TOWN_EMPTY });
    expect(region).toMatchObject({ code: TOWN_EMPTY, name: 'Baihe Town', level: 'TOWN', parent: { code: DISTRICT } });
    expect(region.children).toEqual([]);
  });

  test('a community: its town as parent (and the district above), no children', async () => {
    const { region } = await platform.data(REGION, { code: COMMUNITY_B1 });
    expect(region).toEqual({
      code: COMMUNITY_B1,
      name: 'Xiangjia Residential Community',
      level: 'COMMUNITY',
      parent: { code: TOWN_B, name: 'Zhaoxiang Town', level: 'TOWN', parent: { code: DISTRICT } },
      children: [],
    });
  });

  test.each([
    ['an unknown 12-digit code', '310118101999'],
    ['an unknown 9-digit code', '310118199'],
    ['another district', '310101'],
    ['a prefix of a real code', '3101181'],
    ['not a code at all', 'nope'],
    ['the empty string', ''],
  ])('%s is NOT_FOUND naming the code (one answer for an unknown region, whatever its shape)', async (_, code) => {
    const response = await platform.gql(REGION, { code });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(response.errors?.[0]?.message).toContain(`"${code}"`);
    expect(response.data?.region ?? null).toBeNull();
  });

  test('several regions in one request (batched) each resolve to their own', async () => {
    const { data, errors } = await platform.gql(
      `{ a: region(code: "${COMMUNITY_A2}") { code parent { code } }
         b: region(code: "${COMMUNITY_B2}") { code parent { code } }
         c: region(code: "${TOWN_B}") { code parent { code } }
         x: region(code: "310118109") { code } }`,
    );
    expect(data).toEqual({
      a: { code: COMMUNITY_A2, parent: { code: TOWN_A } },
      b: { code: COMMUNITY_B2, parent: { code: TOWN_B } },
      c: { code: TOWN_B, parent: { code: DISTRICT } },
      x: null,
    });
    // The unknown one is NOT_FOUND; the others answer.
    expect(errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['x'], 'NOT_FOUND']]);
  });
});

describe('regions(level, parentCode)', () => {
  const REGIONS = `query($level: RegionLevel, $parentCode: ID) { regions(level: $level, parentCode: $parentCode) { code level parent { code } } }`;
  const list = async (variables: Record<string, unknown>) => codes((await platform.data(REGIONS, variables)).regions);

  test('no arguments: every region, ordered by code', async () => {
    expect(await list({})).toEqual([
      DISTRICT,
      TOWN_A,
      COMMUNITY_A1,
      COMMUNITY_A2,
      TOWN_B,
      COMMUNITY_B1,
      COMMUNITY_B2,
      COMMUNITY_B3,
      COMMUNITY_B9,
      TOWN_EMPTY,
    ]);
  });

  test('by level', async () => {
    expect(await list({ level: 'DISTRICT' })).toEqual([DISTRICT]);
    expect(await list({ level: 'TOWN' })).toEqual([TOWN_A, TOWN_B, TOWN_EMPTY]);
    expect(await list({ level: 'COMMUNITY' })).toEqual([COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, COMMUNITY_B3, COMMUNITY_B9]);
  });

  test('by parent: only the direct children, ordered by code', async () => {
    expect(await list({ parentCode: DISTRICT })).toEqual([TOWN_A, TOWN_B, TOWN_EMPTY]);
    expect(await list({ parentCode: TOWN_A })).toEqual([COMMUNITY_A1, COMMUNITY_A2]);
    expect(await list({ parentCode: TOWN_B })).toEqual([COMMUNITY_B1, COMMUNITY_B2, COMMUNITY_B3, COMMUNITY_B9]);
    expect(await list({ parentCode: TOWN_EMPTY })).toEqual([]);
    expect(await list({ parentCode: COMMUNITY_A1 })).toEqual([]);
  });

  test('by parent and level together', async () => {
    expect(await list({ parentCode: DISTRICT, level: 'TOWN' })).toEqual([TOWN_A, TOWN_B, TOWN_EMPTY]);
    // Communities are grandchildren of the district, not children.
    expect(await list({ parentCode: DISTRICT, level: 'COMMUNITY' })).toEqual([]);
    expect(await list({ parentCode: TOWN_B, level: 'COMMUNITY' })).toEqual([COMMUNITY_B1, COMMUNITY_B2, COMMUNITY_B3, COMMUNITY_B9]);
    expect(await list({ parentCode: TOWN_B, level: 'TOWN' })).toEqual([]);
  });

  test('a parent that is no region is NOT_FOUND naming the code', async () => {
    // An empty code names no region too: it must not be read as "no parent filter" (which would list every region).
    for (const parentCode of ['310118199', '']) {
      const response = await platform.gql(REGIONS, { parentCode });
      expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(response.errors?.[0]?.message).toContain(`"${parentCode}"`);
      expect(response.data?.regions ?? null).toBeNull();
    }
  });

  test('an unknown level is refused by the schema', async () => {
    const response = await platform.gql(REGIONS, { level: 'PROVINCE' });
    expect(response.errors?.[0]?.message).toMatch(/PROVINCE/);
    expect(response.data?.regions).toBeUndefined();
  });
});

describe('a viewer scoped to one town', () => {
  const townOfficer = asViewer({ id: 'officer-a', role: 'TOWN_OFFICER', regionCode: TOWN_A });

  test('sees its town, what is below it and its ancestors, and nothing of other towns', async () => {
    const own = await platform.gql(REGION, { code: TOWN_A }, townOfficer);
    expect(own.errors).toBeUndefined();
    expect(own.data.region.parent.code).toBe(DISTRICT);
    expect(codes(own.data.region.children)).toEqual([COMMUNITY_A1, COMMUNITY_A2]);

    // A real region outside the scope is FORBIDDEN (an unknown one would be NOT_FOUND).
    const other = await platform.gql(REGION, { code: COMMUNITY_B1 }, townOfficer);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.region ?? null).toBeNull();

    const district = await platform.gql(REGION, { code: DISTRICT }, townOfficer);
    expect(codes(district.data.region.children)).toEqual([TOWN_A]);

    const towns = await platform.gql(`{ regions(level: TOWN) { code } }`, {}, townOfficer);
    expect(codes(towns.data.regions)).toEqual([TOWN_A]);
  });
});
