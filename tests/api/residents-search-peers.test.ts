/**
 * residents(filter:) by facts other subgraphs own: health-code colour and
 * reason, vaccination level (health), active work permit (permits). Population
 * asks them which residents match (internal fields, not in the API) and keeps
 * its own criteria, scope and paging. Every expected set is picked by hand
 * from the fixture.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, DISTRICT, TOWN_A } from '../support/builders.js';
import { DAY, healthBuilders, HOUR } from '../support/health-builders.js';
import { permitsBuilders } from '../support/permits-builders.js';
import { asViewer, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { vaccinationBuilders } from '../support/vaccination-builders.js';

let platform: TestPlatform;
const id: Record<string, number> = {};

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  const health = healthBuilders(platform.test.database.db);
  const vaccines = vaccinationBuilders(platform.test.database.db);
  const permits = permitsBuilders(platform.test.database.db);
  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);
  for (const [key, community, birthDate] of [
    ['green', COMMUNITY_A1, '1960-01-01'],
    ['yellow', COMMUNITY_A1, '1990-01-01'],
    ['red', COMMUNITY_A2, '1950-01-01'],
    ['elsewhere', COMMUNITY_B1, '1990-01-01'],
  ] as const) {
    id[key] = (await platform.seed.resident({ community, birthDate })).id;
  }
  await platform.drainEvents();
  // green: a negative sample a day ago; fully vaccinated; holds an active permit.
  await health.sample({ residentId: id.green!, sampledAt: ago(DAY), result: 'NEGATIVE' });
  await vaccines.doseHistory(id.green!, [
    { product: 'SINOVAC_CORONAVAC', administeredAt: ago(300 * DAY) },
    { product: 'SINOVAC_CORONAVAC', administeredAt: ago(270 * DAY) },
  ]);
  const firm = await permits.enterprise({ community: COMMUNITY_B1, changes: [{ status: 'APPROVED_TO_RESUME', at: ago(20 * DAY) }] });
  await permits.permit({ residentId: id.green!, enterpriseId: firm.id, appliedAt: ago(10 * DAY), changes: [{ status: 'APPROVED', at: ago(9 * DAY) }] });
  // yellow: never sampled (NO_RECENT_TEST); one dose.
  await vaccines.doseHistory(id.yellow!, [{ product: 'SINOPHARM_BIBP', administeredAt: ago(100 * DAY) }]);
  // red: a positive pool awaiting an individual retest; unvaccinated.
  await health.sample({ residentId: id.red!, sampledAt: ago(2 * DAY), result: 'POSITIVE', tubeType: 'POOLED', resultAt: ago(2 * DAY - 6 * HOUR) });
  // elsewhere: a negative sample, boosted.
  await health.sample({ residentId: id.elsewhere!, sampledAt: ago(2 * HOUR), result: 'NEGATIVE', resultAt: ago(HOUR) });
  await vaccines.doseHistory(id.elsewhere!, [
    { product: 'CANSINO_AD5', administeredAt: ago(300 * DAY) },
    { product: 'CANSINO_AD5', administeredAt: ago(100 * DAY) },
  ]);
  await platform.drainEvents();
});
afterAll(() => platform?.stop());

const SEARCH = `query($filter: ResidentFilter!, $after: String) {
  residents(filter: $filter, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
}`;

/** Every page of the search, and its total. */
async function search(filter: Record<string, unknown>, as = asViewer({ id: 'admin', role: 'DISTRICT_ADMIN', regionCode: DISTRICT })) {
  const ids: number[] = [];
  let after: string | null = null;
  let totalCount = 0;
  do {
    const response = await platform.gql(SEARCH, { filter, after }, as);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] } = response.data.residents;
    totalCount = page.totalCount;
    ids.push(...page.edges.map((edge) => Number(edge.node.id)));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(ids.length).toBe(totalCount);
  return ids;
}
const of = (...keys: string[]) => keys.map((key) => id[key]!).sort((a, b) => a - b);

describe('residents(filter:) by health code, vaccination and permits', () => {
  test('by colour, alone and with population criteria (region, age)', async () => {
    expect(await search({ healthCodeColors: ['RED'] })).toEqual(of('red'));
    expect(await search({ healthCodeColors: ['GREEN'] })).toEqual(of('green', 'elsewhere'));
    expect(await search({ healthCodeColors: ['GREEN', 'YELLOW'], regionCode: TOWN_A })).toEqual(of('green', 'yellow'));
    expect(await search({ healthCodeColors: ['GREEN'], ageMin: 60 })).toEqual(of('green'));
    expect(await search({ healthCodeColors: [] })).toEqual([]);
  });

  test('by reason, including the one that moves with time (NO_RECENT_TEST)', async () => {
    expect(await search({ healthCodeReason: 'POOL_POSITIVE_PENDING_RETEST' })).toEqual(of('red'));
    // The RED pool-positive has a sample two days old: within the 168 h interval, so not NO_RECENT_TEST.
    expect(await search({ healthCodeReason: 'NO_RECENT_TEST' })).toEqual(of('yellow'));
    expect(await search({ healthCodeReason: 'ACTIVE_CASE' })).toEqual([]);
  });

  test('by vaccination level: each resident has exactly one', async () => {
    expect(await search({ vaccinationLevels: ['UNVACCINATED'] })).toEqual(of('red'));
    expect(await search({ vaccinationLevels: ['PARTIALLY_VACCINATED'] })).toEqual(of('yellow'));
    expect(await search({ vaccinationLevels: ['FULLY_VACCINATED', 'BOOSTED'] })).toEqual(of('green', 'elsewhere'));
  });

  test('by active permit, and both subgraphs at once with text search', async () => {
    expect(await search({ holdsActivePermit: true })).toEqual(of('green'));
    expect(await search({ holdsActivePermit: false })).toEqual(of('yellow', 'red', 'elsewhere'));
    expect(await search({ holdsActivePermit: true, healthCodeColors: ['GREEN'], vaccinationLevels: ['FULLY_VACCINATED'] })).toEqual(of('green'));
    expect(await search({ holdsActivePermit: false, healthCodeColors: ['GREEN'] })).toEqual(of('elsewhere'));
    // The database path (text search) applies the same criteria.
    const { resident } = await platform.data(`query($id: ID!) { resident(id: $id) { name } }`, { id: String(id.green) });
    expect(await search({ text: resident.name, healthCodeColors: ['GREEN'] })).toEqual(of('green'));
    expect(await search({ text: resident.name, healthCodeColors: ['RED'] })).toEqual([]);
  });

  test("a community worker's search stays in their community", async () => {
    const worker = asViewer({ id: 'worker-a2', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A2 });
    expect(await search({ healthCodeColors: ['RED', 'GREEN', 'YELLOW'] }, worker)).toEqual(of('red'));
    expect(await search({ holdsActivePermit: false }, worker)).toEqual(of('red'));
  });

  test('the internal fields are not part of the API', async () => {
    const response = await platform.gql(`{ activePermitHolderIds }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
