/**
 * HealthIndexes.people(index:): the residents behind each health index that
 * counts residents. Its total equals the index at the same instant, at every
 * level, for a past asOf and for the present; hand-built members for the
 * indexes whose rules are subtle (the pendingResults tie, a pooled negative
 * that does not clear a positive pool, a resident who has left); order and
 * paging; the contract's IndexPeople; the present's first page costs one
 * addresses query.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IndexPeopleDocument } from '../generated/graphql.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, DISTRICT, TOWN_A, TOWN_B } from '../support/builders.js';
import { HOUR, plus, residentKnownToHealth, startHealthPlatform, type HealthBuilders } from '../support/health-builders.js';
import { HEALTH_INDEXES, healthListsOf, indexValue, listedIds } from '../support/health-index-lists.js';
import type { TestPlatform } from '../support/platform.js';
import { vaccinationBuilders } from '../support/vaccination-builders.js';

/** T: 2026-06-15 12:00 in Shanghai. */
const T = new Date('2026-06-15T04:00:00Z');
const before = (hours: number) => plus(T, -hours * HOUR);

let platform: TestPlatform;
let health: HealthBuilders;
const who: Record<string, number> = {};

async function resident(key: string, spec: Parameters<typeof residentKnownToHealth>[1] = {}) {
  who[key] = (await platform.seed.resident({ name: key, community: COMMUNITY_A1, address: `Lane ${key}`, ...spec })).id;
}

beforeAll(async () => {
  ({ platform, health } = await startHealthPlatform());
  await resident('a', { address: 'Lane 3' });
  await resident('b', { address: 'Lane 1' }); // never sampled: untested, YELLOW
  await resident('c', { address: 'Lane 2' }); // two samples at one instant, one without a result: pending
  await resident('d'); // a positive pool, then a negative pool: still pending retest, RED
  await resident('e'); // a positive pool, then a single negative: cleared
  await resident('f', { tags: ['EXEMPT_FROM_TESTING'] }); // exempt, never sampled: not untested
  await resident('g', { movedOutAt: before(24) }); // left (or died) before T: in no list at T
  await resident('h'); // under home observation
  await resident('i', { community: COMMUNITY_A2, birthDate: '1940-01-01' }); // 80+, unvaccinated, untested
  await resident('j', { community: COMMUNITY_B1 }); // sampled 100 h before T: untested
  await resident('k', { community: COMMUNITY_B1, birthDate: '1950-02-01' }); // vaccinated, abnormal scan
  await platform.drainEvents();

  const sample = (key: string, hours: number, spec: { result?: 'NEGATIVE' | 'POSITIVE' | 'PENDING'; resultHours?: number; tubeType?: 'SINGLE' | 'POOLED' } = {}) =>
    health.sample({
      residentId: who[key]!,
      sampledAt: before(hours),
      result: spec.result ?? 'NEGATIVE',
      resultAt: spec.result === 'PENDING' ? null : before(spec.resultHours ?? hours - 1),
      tubeType: spec.tubeType ?? 'SINGLE',
    });
  await sample('a', 2);
  await sample('c', 5, { resultHours: 4 });
  await sample('c', 5, { result: 'PENDING' });
  await sample('d', 20, { tubeType: 'POOLED', result: 'POSITIVE', resultHours: 10 });
  await sample('d', 5, { tubeType: 'POOLED', resultHours: 3 });
  await sample('e', 40, { tubeType: 'POOLED', result: 'POSITIVE', resultHours: 30 });
  await sample('e', 20, { resultHours: 15 });
  await sample('g', 30);
  await sample('h', 3);
  await health.observation({ residentId: who.h!, startedAt: before(48) });
  await sample('j', 100);
  await sample('k', 50, { result: 'POSITIVE', resultHours: 2 });
  await vaccinationBuilders(platform.test.database.db).vaccinate(who.k!, ['CANSINO_AD5']);
  const venue = await health.venue();
  await health.scan(who.k!, venue, before(6), 'YELLOW');
});
afterAll(() => platform?.stop());

describe('totalCount equals the index, at every level, past and present', () => {
  for (const asOf of [T, null]) {
    for (const code of [DISTRICT, TOWN_A, TOWN_B, COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1]) {
      test(`${code} at ${asOf ? 'T' : 'now'}`, async () => {
        const indexes = await healthListsOf(platform, code, asOf);
        for (const index of HEALTH_INDEXES) {
          const list = indexes[index];
          expect(list.totalCount, index).toBe(indexValue(indexes, index));
          expect(list.edges, index).toHaveLength(list.totalCount);
          expect(new Set(listedIds(list)).size, index).toBe(list.totalCount);
        }
      });
    }
  }
});

describe('who is listed, by hand, at T', () => {
  test('untested in 72 h: never sampled or sampled too long ago, exempt and departed residents left out; community, then address order', async () => {
    const district = await healthListsOf(platform, DISTRICT, T);
    expect(listedIds(district.UNTESTED_72H)).toEqual([who.b, who.i, who.j]);
    const community = await healthListsOf(platform, COMMUNITY_A1, T);
    expect(listedIds(community.UNTESTED_72H)).toEqual([who.b]);
  });

  test('pending: two samples at the latest instant, one with a result and one without, is pending', async () => {
    const { testing, PENDING_RESULTS } = await healthListsOf(platform, COMMUNITY_A1, T);
    expect(testing.pendingResults).toBe(1);
    expect(listedIds(PENDING_RESULTS)).toEqual([who.c]);
  });

  test('a later pooled negative does not clear a positive pool: still pending retest and RED; a single negative clears it', async () => {
    const indexes = await healthListsOf(platform, DISTRICT, T);
    expect(listedIds(indexes.POOL_POSITIVE_PENDING_RETEST)).toEqual([who.d]);
    expect(listedIds(indexes.RED)).toEqual([who.d]);
    expect(listedIds(indexes.GREEN)).toContain(who.e);
  });

  test('the other lists', async () => {
    const indexes = await healthListsOf(platform, DISTRICT, T);
    expect(listedIds(indexes.EXEMPT)).toEqual([who.f]);
    expect(listedIds(indexes.HOME_OBSERVATION_ACTIVE)).toEqual([who.h]);
    expect(listedIds(indexes.ELDERLY_80_PLUS_UNVACCINATED)).toEqual([who.i]);
    expect(listedIds(indexes.FULLY_VACCINATED)).toEqual([who.k]);
    expect(listedIds(indexes.ABNORMAL_SCANS_24H)).toEqual([who.k]);
    expect(listedIds(indexes.POSITIVE_TODAY)).toEqual([who.k]);
    // j, sampled 100 h before T, is untested in 72 h but still GREEN (the interval is 168 h).
    expect(listedIds(indexes.YELLOW)).toEqual([who.b, who.h, who.i]);
    for (const index of HEALTH_INDEXES) expect(listedIds(indexes[index]), index).not.toContain(who.g);
  });

  test('at an earlier instant the lists are those of then: the departed resident counted before leaving', async () => {
    const earlier = await healthListsOf(platform, COMMUNITY_A1, before(26));
    expect(listedIds(earlier.WITHIN_24H)).toContain(who.g);
    expect(earlier.WITHIN_24H.totalCount).toBe(earlier.testing.within24h);
  });
});

describe('paging and the contract', () => {
  test('pages follow one another without gaps or repeats, in the order of the whole list', async () => {
    // IndexPeople lists UNTESTED_72H: now, months after T, everyone but the exempt resident.
    const whole = listedIds((await healthListsOf(platform, DISTRICT, null)).UNTESTED_72H);
    expect(whole.length).toBeGreaterThan(5);
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await platform.data(IndexPeopleDocument, { code: DISTRICT, first: 2, after })).region!.health!;
      seen.push(...page.people!.edges.map((edge: any) => Number(edge.node.id)));
      if (!page.people!.pageInfo.hasNextPage) break;
      after = page.people!.pageInfo.endCursor;
    }
    expect(seen).toEqual(whole);
  });

  test('IndexPeople through the gateway: each resident with name, phone, address, community and health code', async () => {
    const data = await platform.data(IndexPeopleDocument, { code: COMMUNITY_A1, asOf: T.toISOString(), first: 10 });
    const { testing, people } = data.region!.health!;
    expect(people!.totalCount).toBe(testing.untested72h);
    expect(people!.edges).toEqual([
      { node: { id: String(who.b), name: 'b', phone: expect.any(String), address: 'Lane 1', community: { code: COMMUNITY_A1, name: 'Xiayang Residential Community' }, healthCode: { color: 'YELLOW' } } },
    ]);
  });

  test('the present first page of a district reads no SQL beyond one addresses query', async () => {
    const query = `query { region(code: "${DISTRICT}") { health { people(index: YELLOW, first: 50) { totalCount edges { node { id } } } } } }`;
    await platform.data(query);
    const { result, statements } = await platform.test.countStatements(() => platform.data(query));
    expect(result.region.health.people.totalCount).toBeGreaterThan(0);
    // Besides the region and the snapshot's freshness check (one statement each), only the page's addresses.
    const healthReads = statements.filter((statement) => /"health"\./.test(statement) && !/fact_changes/.test(statement));
    expect(statements).toHaveLength(3);
    expect(healthReads).toHaveLength(1);
    expect(healthReads[0]).toMatch(/residence_periods/);
  });
});

describe('bad arguments', () => {
  test('an unknown index is a validation error; a bad page size nulls only the list', async () => {
    const unknown = await platform.gql(`query { region(code: "${DISTRICT}") { health { people(index: ELDERLY_60_PLUS) { totalCount } } } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const tooMany = await platform.gql(`query { region(code: "${DISTRICT}") { health { testing { exempt } people(index: EXEMPT, first: 501) { totalCount } } } }`);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(tooMany.data.region.health).toEqual({ testing: { exempt: 1 }, people: null });
  });
});
