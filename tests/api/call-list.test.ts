/**
 * Region.untestedResidents: the community worker's call list.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exemptions, samples } from '../../subgraphs/health/db.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, DISTRICT, TOWN_A, TOWN_EMPTY } from '../support/builders.js';
import { UntestedResidentsDocument } from '../generated/graphql.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const HOUR = 3600_000;
let platform: TestPlatform;
const ids: Record<string, number> = {};
let barcode = 0;

async function sample(residentId: number, idNumber: string, hoursAgo: number) {
  const sampledAt = new Date(Date.now() - hoursAgo * HOUR);
  await platform.test.database.db.insert(samples).values({
    barcode: `CL${String(++barcode).padStart(8, '0')}`,
    residentId,
    idNumber,
    sampledAt,
    tubeType: 'SINGLE',
    result: 'NEGATIVE',
    resultAt: new Date(sampledAt.getTime() + HOUR / 2),
    site: 'Test site',
    lab: 'Test lab',
  });
}

beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
  const make = async (key: string, community: string, address: string, hoursAgo: number | null, extra: Parameters<TestPlatform['seed']['resident']>[0] = {}) => {
    const r = await platform.seed.resident({ community, address, name: key, ...extra });
    ids[key] = r.id;
    if (hoursAgo !== null) await sample(r.id, r.idNumber, hoursAgo);
  };
  // A1, in address order: B-lane before C-lane; never-sampled and stale residents are on the list.
  await make('neverSampled', COMMUNITY_A1, 'C Lane 1', null);
  await make('stale', COMMUNITY_A1, 'B Lane 9', 80);
  await make('fresh', COMMUNITY_A1, 'A Lane 1', 10);
  await make('justInside', COMMUNITY_A1, 'D Lane 1', 71.9);
  await make('justOutside', COMMUNITY_A1, 'D Lane 2', 72.1);
  await make('exemptByTag', COMMUNITY_A1, 'E Lane 1', null, { tags: ['EXEMPT_FROM_TESTING'] });
  await make('exemptEnded', COMMUNITY_A1, 'E Lane 2', null, {
    tags: [{ code: 'EXEMPT_FROM_TESTING', at: new Date('2021-01-01T00:00:00Z'), until: new Date('2022-01-01T00:00:00Z') }],
  });
  await make('exemptByRecord', COMMUNITY_A1, 'E Lane 3', null);
  await make('movedOut', COMMUNITY_A1, 'F Lane 1', null, { movedOutAt: new Date(Date.now() - 24 * HOUR) });
  await make('otherCommunity', COMMUNITY_A2, 'A Lane 1', null);
  await make('otherTown', COMMUNITY_B1, 'A Lane 1', null);
  await platform.drainEvents();
  await platform.test.database.db.insert(exemptions).values({
    residentId: ids.exemptByRecord!,
    source: 'RECORD',
    reason: 'Bedridden, sampled at home weekly',
    startsAt: new Date(Date.now() - 48 * HOUR),
    recordedBy: 'test',
  });
});
afterAll(() => platform?.stop());

const CALL_LIST = `query($code: ID!, $withinHours: Int!, $first: Int, $after: String) {
  region(code: $code) {
    untestedResidents(withinHours: $withinHours, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name address } }
    }
  }
}`;

async function callList(code: string, withinHours = 72, first?: number, after?: string) {
  const data = await platform.data(CALL_LIST, { code, withinHours, first, after });
  return data.region.untestedResidents;
}
const names = (list: { edges: { node: { name: string } }[] }) => list.edges.map((edge) => edge.node.name);

describe('who is on the list', () => {
  test('a community: never sampled and stale residents, in address order; fresh, exempt and moved-out ones left out', async () => {
    const list = await callList(COMMUNITY_A1);
    expect(names(list)).toEqual(['stale', 'neverSampled', 'justOutside', 'exemptEnded']);
    expect(list.totalCount).toBe(4);
  });

  test('the window is (now − withinHours, now]', async () => {
    expect(names(await callList(COMMUNITY_A1, 24))).toEqual(['stale', 'neverSampled', 'justInside', 'justOutside', 'exemptEnded']);
    expect(names(await callList(COMMUNITY_A1, 100))).toEqual(['neverSampled', 'exemptEnded']);
  });

  test('a town covers its communities, community by community; the district covers everything', async () => {
    expect(names(await callList(TOWN_A))).toEqual(['stale', 'neverSampled', 'justOutside', 'exemptEnded', 'otherCommunity']);
    expect((await callList(DISTRICT)).totalCount).toBe(6);
    expect((await callList(TOWN_EMPTY)).totalCount).toBe(0);
  });

  test('the contract operation UntestedResidents works with the fields it asks for', async () => {
    const data = await platform.data(UntestedResidentsDocument, { code: COMMUNITY_A1, withinHours: 72, first: 2 });
    const [stale, never] = data.region!.untestedResidents!.edges.map((edge: any) => edge.node);
    expect(stale.name).toBe('stale');
    expect(stale.phone).toMatch(/^1\d{10}$/);
    expect(stale.latestNucleicAcidTest.result).toBe('NEGATIVE');
    expect(stale.healthCode.color).toBe('GREEN'); // sampled 80 h ago: within the 168 h code interval
    expect(never.latestNucleicAcidTest).toBeNull();
    expect(never.healthCode).toMatchObject({ color: 'YELLOW', reasons: [{ code: 'NO_RECENT_TEST' }], turnsYellowAt: null });
    expect(never.outreach).toBeNull();
  });
});

describe('paging', () => {
  test('pages of 1 walk the whole list once, in order', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await callList(TOWN_A, 72, 1, after);
      seen.push(...names(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(['stale', 'neverSampled', 'justOutside', 'exemptEnded', 'otherCommunity']);
  });

  test('bad arguments name the argument', async () => {
    for (const [variables, field] of [
      [{ withinHours: 0 }, 'withinHours'],
      [{ withinHours: 721 }, 'withinHours'],
      [{ withinHours: 72, first: 501 }, 'first'],
      [{ withinHours: 72, after: 'nonsense' }, 'after'],
    ] as const) {
      const response = await platform.gql(CALL_LIST, { code: COMMUNITY_A1, ...variables });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
