/**
 * The index checker's drill-down comparison (scripts/index-checker/people.ts)
 * must pass on a right list and fail on a wrong one. No subgraph serves
 * `people(index:)` on this branch yet, so the lists come from a stand-in
 * endpoint that pages (500 at a time, by community then ID) through the
 * brute force's own residents at T, optionally spoiled: a resident left out,
 * one added, one listed twice across pages, a wrong totalCount. The real
 * API is compared in index-checker*.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDatabase } from '../../seed/index.js';
import { bruteForceIndexes, bruteForceMembers, PEOPLE_INDEXES, type BruteForceResult, type MemberRow, type Subgraph } from '../../scripts/index-checker/brute-force.js';
import { checkPeople, type PeopleCheckOptions } from '../../scripts/index-checker/people.js';
import { HOUR } from '../support/health-builders.js';
import { startTestPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';

const ANCHOR = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const DISTRICT = '310118';
const options = { districtCode: DISTRICT, asOf: ANCHOR, testIntervalHours: TEST_CONFIG.testIntervalHours };
let platform: TestPlatform;
let expected: BruteForceResult;
const members = new Map<Subgraph, MemberRow[]>();

/** How the stand-in spoils the list of one index in one region. */
type Spoil = { index: string; region: string; how: 'drop' | 'add' | 'twice' | 'total' } | null;
let spoil: Spoil = null;
let server: Server;
let url: string;

function page(subgraph: Subgraph, code: string, index: string, first: number, after: string | null) {
  const inRegion = (community: string) => code === DISTRICT || community === code || expected.townOf.get(community) === code;
  const rows = [...new Map(members.get(subgraph)!.filter((m) => m.key === index && inRegion(m.communityCode)).map((m) => [m.residentId, m])).values()]
    .sort((a, b) => (a.communityCode < b.communityCode ? -1 : a.communityCode > b.communityCode ? 1 : a.residentId - b.residentId))
    .map((m) => m.residentId);
  let total = rows.length;
  if (spoil && spoil.index === index && spoil.region === code) {
    if (spoil.how === 'drop') rows.splice(rows.length - 1, 1);
    if (spoil.how === 'add') rows.push(999_999_999);
    if (spoil.how === 'twice') rows.splice(first, 0, rows[0]!); // the second page repeats the first resident
    if (spoil.how === 'total') total += 1;
    if (spoil.how !== 'total') total = rows.length;
  }
  const offset = after ? Number(after) : 0;
  const slice = rows.slice(offset, offset + first);
  const end = offset + slice.length;
  return { totalCount: total, pageInfo: { hasNextPage: end < rows.length, endCursor: String(end) }, edges: slice.map((id) => ({ node: { id: String(id) } })) };
}

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await seedDatabase(platform.test.database, 'test', { anchor: ANCHOR });
  await platform.drainEvents();
  expected = await bruteForceIndexes(platform.test.database, options);
  for (const subgraph of ['population', 'health', 'permits', 'cases'] as const) {
    members.set(subgraph, await bruteForceMembers(platform.test.database, options, subgraph));
  }
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, any> };
      const subgraph = /region\(code: \$code\) \{\s*(\w+)\(asOf/.exec(query)![1] as Subgraph;
      const people = page(subgraph, variables.code, variables.index, variables.first, variables.after ?? null);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ data: { region: { [subgraph]: { people } } } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}, 120_000);
afterAll(async () => {
  server?.close();
  await platform?.stop();
});

const run = (mode: PeopleCheckOptions['mode']) =>
  checkPeople({ database: platform.test.database, url, token: 'unused', bruteForce: options, expected, mode, communities: 2 });

describe('the drill-down comparison', () => {
  test('right lists: no mismatch, every index of residents in every region compared, lists longer than a page', async () => {
    spoil = null;
    const district = expected.regions.find((r) => r.level === 'DISTRICT')!;
    expect(district.values['health.healthCodes.green']).toBeGreaterThan(500);
    const sets = await run('sets');
    expect(sets.mismatches).toEqual([]);
    expect(sets.compared).toBe(PEOPLE_INDEXES.length * (expected.regions.length + 2));
    expect((await run('totals')).mismatches).toEqual([]);
  }, 120_000);

  test.each([
    ['drop', 'a resident left out', 'not listed: '],
    ['add', 'a resident who is not counted', 'listed but not counted: 999999999'],
    ['twice', 'a resident listed twice across pages', 'listed twice'],
    ['total', 'a totalCount that is not the index', 'totalCount '],
  ] as const)('%s: %s is a mismatch of that index and region only', async (how, _, message) => {
    const town = expected.regions.find((r) => r.level === 'TOWN' && r.values['health.healthCodes.green'] > 0)!;
    spoil = { index: 'GREEN', region: town.code, how };
    const { mismatches } = await run('sets');
    expect(mismatches.length).toBeGreaterThan(0);
    expect(mismatches.every((m) => m.region === town.code && m.index === 'health.healthCodes.green people(GREEN)')).toBe(true);
    expect(mismatches.map((m) => String(m.got)).join('\n')).toContain(message);
  }, 120_000);

  test('totals (district size): a wrong total, or a first-page resident the brute force does not count there, is a mismatch', async () => {
    const district = expected.regions.find((r) => r.level === 'DISTRICT')!;
    spoil = { index: 'RESIDENTS', region: district.code, how: 'total' };
    expect((await run('totals')).mismatches.map((m) => m.got)).toEqual([`totalCount ${district.values['population.residents'] + 1}`]);
    const town = expected.regions.find((r) => r.level === 'TOWN' && r.values['cases.active'] > 0 && r.values['cases.active'] < 500)!;
    spoil = { index: 'ACTIVE', region: town.code, how: 'add' };
    const got = (await run('totals')).mismatches.map((m) => `${m.region} ${m.index} ${m.got}`);
    expect(got).toEqual([
      `${town.code} cases.active people(ACTIVE) totalCount ${town.values['cases.active'] + 1}`,
      `${town.code} cases.active people(ACTIVE) first page lists residents not counted: 999999999 (1)`,
    ]);
  }, 120_000);
});
