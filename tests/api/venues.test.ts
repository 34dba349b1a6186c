/**
 * Venues and scans through the gateway (registerVenue, venues, recordVenueScan,
 * Resident.venueScans, Venue.abnormalScans), and the venue-exposure rule
 * (exposureScansOf) on hand-built fixtures at each of its boundaries.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scans, venues } from '../../subgraphs/health/db.js';
import { abnormalScan, exposureScansOf } from '../../subgraphs/health/venue/venue.queries.js';
import { COMMUNITY_A1, COMMUNITY_B1, COMMUNITY_B2, TOWN_B } from '../support/builders.js';
import { DAY, healthBuilders, HOUR, MINUTE, plus, type HealthBuilders } from '../support/health-builders.js';
import { errorOf, startTestPlatform, type GraphQLResponse, type TestPlatform, asViewer } from '../support/platform.js';

let platform: TestPlatform;
let health: HealthBuilders;
beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  health = healthBuilders(platform.test.database.db);
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const VENUE = 'id code name type communityCode';
const REGISTER = `mutation($input: RegisterVenueInput!) { registerVenue(input: $input) { ${VENUE} community { code name } } }`;
const LIST = `query($regionCode: ID, $first: Int, $after: String) { venues(regionCode: $regionCode, first: $first, after: $after) {
  totalCount edges { cursor node { code communityCode } } pageInfo { hasNextPage endCursor } } }`;
const SCAN = `mutation($residentId: ID!, $venueCode: String!, $scannedAt: DateTime, $colorShown: CodeColor!) {
  recordVenueScan(residentId: $residentId, venueCode: $venueCode, scannedAt: $scannedAt, colorShown: $colorShown) {
    id scannedAt colorShown abnormal resident { id } venue { code name }
  }
}`;

function ok<T = any>(response: GraphQLResponse<T>): T {
  if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

function expectError(response: GraphQLResponse, code: string, field?: string) {
  const error = errorOf(response);
  expect(error, `expected a ${code} error, got ${JSON.stringify(response)}`).toBeDefined();
  expect(error!.extensions?.code).toBe(code);
  if (field !== undefined) expect(error!.extensions?.field).toBe(field);
}

const register = (input: Record<string, string>, headers?: Parameters<TestPlatform['gql']>[2]) => platform.gql(REGISTER, { input }, headers);
const recordScan = (residentId: number | string, venueCode: string, colorShown: string, scannedAt?: Date) =>
  platform.gql(SCAN, { residentId: String(residentId), venueCode, colorShown, scannedAt: scannedAt?.toISOString() });

async function resident(spec: Parameters<TestPlatform['seed']['resident']>[0] = {}) {
  const built = await platform.seed.resident(spec);
  await platform.drainEvents();
  return built;
}

describe('registerVenue', () => {
  test('registers a venue; its community resolves through the population subgraph', async () => {
    const { registerVenue: v } = ok(await register({ code: ' QP-MKT-0001 ', name: ' Xiayang Wet Market ', type: 'MARKET', communityCode: COMMUNITY_A1 }));
    expect(v).toMatchObject({
      code: 'QP-MKT-0001',
      name: 'Xiayang Wet Market',
      type: 'MARKET',
      communityCode: COMMUNITY_A1,
      community: { code: COMMUNITY_A1, name: 'Xiayang Residential Community' },
    });
    expect((await platform.data(`query { venue(code: "QP-MKT-0001") { ${VENUE} } }`)).venue).toEqual({
      id: v.id,
      code: v.code,
      name: v.name,
      type: v.type,
      communityCode: v.communityCode,
    });
    expect((await platform.data(`query { venue(code: "NO-SUCH-VENUE") { id } }`)).venue).toBeNull();
  });

  test('a well-formed community code no region has is accepted (health sees no regions); its community reads as null', async () => {
    const unknownCommunity = '310118101999';
    const { registerVenue: v } = ok(await register({ code: 'QP-ODD-1', name: 'Kiosk', type: 'SHOP', communityCode: unknownCommunity }));
    expect(v).toMatchObject({ communityCode: unknownCommunity, community: null });
  });

  test('a taken code is a CONFLICT; malformed codes, names and community codes are BAD_USER_INPUT; nothing is stored', async () => {
    ok(await register({ code: 'QP-DUP-1', name: 'First', type: 'SHOP', communityCode: COMMUNITY_A1 }));
    const before = await platform.test.database.db.select().from(venues).orderBy(asc(venues.id));
    expectError(await register({ code: 'QP-DUP-1', name: 'Second', type: 'SHOP', communityCode: COMMUNITY_A1 }), 'CONFLICT');
    expectError(await register({ code: 'has space', name: 'x', type: 'SHOP', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', 'input.code');
    expectError(await register({ code: 'x'.repeat(33), name: 'x', type: 'SHOP', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', 'input.code');
    expectError(await register({ code: 'QP-OK-9', name: ' ', type: 'SHOP', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', 'input.name');
    expectError(await register({ code: 'QP-OK-9', name: 'x', type: '', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', 'input.type');
    for (const communityCode of [TOWN_B, '31011810100', '3101181010011', '31011810100A']) {
      expectError(await register({ code: 'QP-OK-9', name: 'x', type: 'SHOP', communityCode }), 'BAD_USER_INPUT', 'input.communityCode');
    }
    expect(await platform.test.database.db.select().from(venues).orderBy(asc(venues.id))).toEqual(before);
  });

  test('concurrent registrations of one code: one venue, the others CONFLICT', async () => {
    const responses = await Promise.all([1, 2, 3].map((n) => register({ code: 'QP-RACE-1', name: `Race ${n}`, type: 'SHOP', communityCode: COMMUNITY_A1 })));
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    for (const response of responses.filter((r) => r.errors)) expectError(response, 'CONFLICT');
  });

  test('a community outside the viewer\'s scope is FORBIDDEN', async () => {
    const worker = asViewer({ id: 'worker-b1', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_B1 });
    expectError(await register({ code: 'QP-SCOPE-1', name: 'x', type: 'SHOP', communityCode: COMMUNITY_B2 }, worker), 'FORBIDDEN');
    expect(ok(await register({ code: 'QP-SCOPE-2', name: 'x', type: 'SHOP', communityCode: COMMUNITY_B1 }, worker)).registerVenue.code).toBe('QP-SCOPE-2');
  });
});

describe('venues', () => {
  test('lists a region\'s venues in code order, a page at a time; the viewer\'s scope applies', async () => {
    for (const [code, community] of [
      ['ZB-03', COMMUNITY_B2],
      ['ZB-01', COMMUNITY_B1],
      ['ZB-02', COMMUNITY_B1],
    ] as const) {
      ok(await register({ code, name: code, type: 'SHOP', communityCode: community }));
    }
    const all = (await platform.data(LIST, { regionCode: TOWN_B, first: 500 })).venues;
    const codes = all.edges.map((e: { node: { code: string } }) => e.node.code);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toEqual(expect.arrayContaining(['ZB-01', 'ZB-02', 'ZB-03']));
    expect(all.edges.every((e: { node: { communityCode: string } }) => e.node.communityCode.startsWith(TOWN_B))).toBe(true);
    expect(all.totalCount).toBe(codes.length);

    const community = (await platform.data(LIST, { regionCode: COMMUNITY_B2 })).venues;
    expect(community.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['ZB-03']);

    const first = (await platform.data(LIST, { regionCode: TOWN_B, first: 1 })).venues;
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(codes.length);
    const second = (await platform.data(LIST, { regionCode: TOWN_B, first: 1, after: first.pageInfo.endCursor })).venues;
    expect(second.edges[0].node.code).toBe(codes[1]);

    const worker = asViewer({ id: 'worker-b2', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_B2 });
    const scoped = await platform.gql(LIST, {}, worker);
    expect(scoped.data.venues.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['ZB-03']);
    expectError(await platform.gql(LIST, { regionCode: TOWN_B }, worker), 'FORBIDDEN');
  });

  test('refuses a page size or cursor; a region code of no region is NOT_FOUND whatever its shape', async () => {
    expectError(await platform.gql(LIST, { regionCode: '3101' }), 'NOT_FOUND');
    expectError(await platform.gql(LIST, { first: 501 }), 'BAD_USER_INPUT', 'first');
    expectError(await platform.gql(LIST, { after: 'nonsense' }), 'BAD_USER_INPUT', 'after');
  });
});

describe('recordVenueScan', () => {
  test('records a scan with the colour shown; YELLOW and RED are abnormal; listed on the resident newest first', async () => {
    const r = await resident();
    const v = await health.venue({ code: 'QP-SCAN-1', name: 'Pharmacy' });
    const t = new Date(Date.now() - 3 * HOUR);
    const green = ok(await recordScan(r.id, 'QP-SCAN-1', 'GREEN', t)).recordVenueScan;
    const yellow = ok(await recordScan(r.id, 'QP-SCAN-1', 'YELLOW', plus(t, HOUR))).recordVenueScan;
    const before = Date.now();
    const red = ok(await recordScan(r.id, 'QP-SCAN-1', 'RED')).recordVenueScan;
    expect(green).toMatchObject({ scannedAt: t.toISOString(), colorShown: 'GREEN', abnormal: false, resident: { id: String(r.id) }, venue: { code: v.code, name: 'Pharmacy' } });
    expect(yellow).toMatchObject({ colorShown: 'YELLOW', abnormal: true });
    expect(red).toMatchObject({ colorShown: 'RED', abnormal: true });
    expect(Date.parse(red.scannedAt)).toBeGreaterThanOrEqual(before - 1000);

    const SCANS = `query($id: ID!, $first: Int) { resident(id: $id) { venueScans(first: $first) { id colorShown venue { code } } } }`;
    const listed = (await platform.data(SCANS, { id: String(r.id) })).resident.venueScans;
    expect(listed.map((s: { id: string }) => s.id)).toEqual([red.id, yellow.id, green.id]);
    expect((await platform.data(SCANS, { id: String(r.id), first: 1 })).resident.venueScans).toEqual([{ id: red.id, colorShown: 'RED', venue: { code: v.code } }]);
    expectError(await platform.gql(SCANS, { id: String(r.id), first: 101 }), 'BAD_USER_INPUT', 'first');
  });

  test('refuses an unknown venue (field venueCode), a future scan, an unknown resident; stores nothing', async () => {
    const r = await resident();
    await health.venue({ code: 'QP-SCAN-2' });
    const count = async () => (await platform.test.database.db.select().from(scans).where(eq(scans.residentId, r.id))).length;
    expectError(await recordScan(r.id, 'QP-NOPE', 'GREEN'), 'BAD_USER_INPUT', 'venueCode');
    expectError(await recordScan(r.id, 'QP-SCAN-2', 'GREEN', new Date(Date.now() + 5 * MINUTE)), 'BAD_USER_INPUT', 'scannedAt');
    expectError(await recordScan(987654321, 'QP-SCAN-2', 'GREEN'), 'NOT_FOUND');
    expect((await recordScan(r.id, 'QP-SCAN-2', 'PURPLE')).errors?.[0]?.message).toMatch(/CodeColor/);
    expect(await count()).toBe(0);
  });
});

describe('Venue.abnormalScans', () => {
  test('non-GREEN scans at the venue from `since` (inclusive, default 24 h ago), newest first', async () => {
    const a = await resident();
    const b = await resident();
    const v = await health.venue({ code: 'QP-ABN-1' });
    const other = await health.venue({ code: 'QP-ABN-2' });
    const now = Date.now();
    const old = await health.scan(a.id, v, new Date(now - 30 * HOUR), 'RED');
    const yellow = await health.scan(a.id, v, new Date(now - 5 * HOUR), 'YELLOW');
    await health.scan(b.id, v, new Date(now - 4 * HOUR), 'GREEN');
    const red = await health.scan(b.id, v, new Date(now - 2 * HOUR), 'RED');
    await health.scan(b.id, other, new Date(now - HOUR), 'RED');

    const Q = `query($code: String!, $since: DateTime, $first: Int) { venue(code: $code) { abnormalScans(since: $since, first: $first) { id colorShown resident { id } } } }`;
    const ids = async (since?: Date, first?: number) =>
      (await platform.data(Q, { code: v.code, since: since?.toISOString(), first })).venue.abnormalScans.map((s: { id: string }) => s.id);
    expect(await ids()).toEqual([String(red.id), String(yellow.id)]);
    expect(await ids(old.scannedAt)).toEqual([String(red.id), String(yellow.id), String(old.id)]);
    expect(await ids(plus(old.scannedAt, 1))).toEqual([String(red.id), String(yellow.id)]);
    expect(await ids(undefined, 1)).toEqual([String(red.id)]);
    expect((await platform.data(Q, { code: v.code })).venue.abnormalScans[0]).toEqual({ id: String(red.id), colorShown: 'RED', resident: { id: String(b.id) } });
  });

  test('abnormalScan() is "colour shown not GREEN"', async () => {
    const r = await resident();
    const v = await health.venue();
    for (const color of ['GREEN', 'YELLOW', 'RED'] as const) await health.scan(r.id, v, new Date('2026-01-01T00:00:00Z'), color);
    const rows = await platform.test.database.db
      .select({ color: scans.colorShown })
      .from(scans)
      .where(abnormalScan());
    expect(new Set(rows.map((row) => row.color))).toEqual(new Set(['YELLOW', 'RED']));
  });

  test('venues with their abnormal scans cost one statement for the venues and one for all the scans', async () => {
    const r = await resident();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const v = await health.venue({ code: `QP-N1-${i}` });
      codes.push(v.code);
      await health.scan(r.id, v, new Date(Date.now() - HOUR), 'YELLOW');
    }
    const query = `query { ${codes.map((code, i) => `v${i}: venue(code: "${code}") { abnormalScans { id venue { code } } }`).join(' ')} }`;
    const { result, statements } = await platform.test.countStatements(() => platform.data(query));
    expect(Object.values(result).map((v: any) => v.abnormalScans.length)).toEqual([1, 1, 1, 1, 1]);
    expect(statements.filter((s) => s.includes('"scans"'))).toHaveLength(1);
    expect(statements).toHaveLength(2);
  });
});

describe('venue exposure: exposureScansOf', () => {
  // Every scenario has its own venue and its own positive person, so they cannot disturb each other.
  const at = new Date('2026-06-20T12:00:00Z');

  async function people(n: number) {
    const list = [];
    for (let i = 0; i < n; i++) list.push(await platform.seed.resident());
    await platform.drainEvents();
    return list.map((r) => r.id);
  }

  const exposures = async (ids: number[], when = at) => {
    const map = await exposureScansOf(platform.test.database.db, ids, when);
    return Object.fromEntries([...map].map(([id, times]) => [id, times.map((t) => t.toISOString())]));
  };

  test('within 30 minutes either way of a positive person\'s scan, inclusive; 31 minutes is not; nobody exposes themselves', async () => {
    const [positive, before30, after30, after31, elsewhere] = await people(5);
    const v = await health.venue();
    const s = plus(at, -5 * DAY);
    await health.scan(positive!, v, s);
    await health.scan(positive!, v, plus(s, 10 * MINUTE)); // the positive person's own second scan
    await health.sample({ residentId: positive!, sampledAt: plus(s, 2 * DAY), result: 'NEGATIVE' }); // negatives expose nobody
    await health.scan(before30!, v, plus(s, -30 * MINUTE));
    await health.scan(after30!, v, plus(s, 40 * MINUTE)); // 30 min after the positive person's second scan
    await health.scan(after31!, v, plus(s, 41 * MINUTE));
    await health.scan(elsewhere!, await health.venue(), s);
    // Sampled exactly 3 days after the first scan (inclusive).
    await health.sample({ residentId: positive!, sampledAt: plus(s, 3 * DAY), result: 'POSITIVE' });

    expect(await exposures([positive!, before30!, after30!, after31!, elsewhere!])).toEqual({
      [positive!]: [],
      [before30!]: [plus(s, -30 * MINUTE).toISOString()],
      [after30!]: [plus(s, 40 * MINUTE).toISOString()],
      [after31!]: [],
      [elsewhere!]: [],
    });
  });

  test('the positive sample counts from the positive person\'s scan: 3 days + 1 minute after it, or before it, exposes nobody', async () => {
    const [late, lateNeighbour, early, earlyNeighbour] = await people(4);
    const v1 = await health.venue();
    const s1 = plus(at, -6 * DAY);
    await health.scan(late!, v1, s1);
    await health.sample({ residentId: late!, sampledAt: plus(s1, 3 * DAY + MINUTE), result: 'POSITIVE' });
    // Within 3 days after the neighbour's own scan, but not after the positive person's: no exposure.
    await health.scan(lateNeighbour!, v1, plus(s1, 10 * MINUTE));

    const v2 = await health.venue();
    await health.scan(early!, v2, s1);
    await health.sample({ residentId: early!, sampledAt: plus(s1, -MINUTE), result: 'POSITIVE' }); // taken before the scan
    await health.scan(earlyNeighbour!, v2, s1);

    expect(await exposures([lateNeighbour!, earlyNeighbour!])).toEqual({ [lateNeighbour!]: [], [earlyNeighbour!]: [] });
  });

  test('a positive result counts from its result_at: not yet known at `at`, known just after', async () => {
    const [positive, neighbour] = await people(2);
    const v = await health.venue();
    const s = plus(at, -3 * DAY);
    await health.scan(positive!, v, s);
    await health.sample({ residentId: positive!, sampledAt: plus(s, DAY), result: 'POSITIVE', resultAt: plus(at, HOUR) });
    await health.scan(neighbour!, v, plus(s, 5 * MINUTE));
    expect(await exposures([neighbour!])).toEqual({ [neighbour!]: [] });
    expect(await exposures([neighbour!], plus(at, HOUR - 1))).toEqual({ [neighbour!]: [] });
    expect(await exposures([neighbour!], plus(at, HOUR))).toEqual({ [neighbour!]: [plus(s, 5 * MINUTE).toISOString()] });
  });

  test('a POSITIVE pooled tube exposes nobody (its members are pending retest, not positive)', async () => {
    const [pooled, neighbour] = await people(2);
    const v = await health.venue();
    const s = plus(at, -2 * DAY);
    await health.scan(pooled!, v, s);
    await health.sample({ residentId: pooled!, sampledAt: plus(s, HOUR), result: 'POSITIVE', tubeType: 'POOLED' });
    await health.scan(neighbour!, v, s);
    expect(await exposures([neighbour!])).toEqual({ [neighbour!]: [] });
  });

  test('scans of the last 14 days count (exactly 14 days inclusive), older ones and later ones do not; several exposures are listed oldest first', async () => {
    const [positive, edge, tooOld, twice] = await people(4);
    const v = await health.venue();
    const s = plus(at, -14 * DAY);
    await health.scan(positive!, v, plus(s, -10 * MINUTE));
    await health.scan(positive!, v, plus(at, -DAY));
    await health.sample({ residentId: positive!, sampledAt: plus(s, DAY), result: 'POSITIVE' });
    await health.scan(edge!, v, s);
    await health.scan(tooOld!, v, plus(s, -MINUTE));
    await health.scan(twice!, v, plus(s, 5 * MINUTE));
    await health.scan(twice!, v, plus(at, -DAY + 20 * MINUTE)); // near the second scan: its sample (s + 1 day) is before it, so no
    await health.scan(twice!, v, plus(s, 15 * MINUTE));

    expect(await exposures([edge!, tooOld!, twice!])).toEqual({
      [edge!]: [s.toISOString()],
      [tooOld!]: [],
      [twice!]: [plus(s, 5 * MINUTE).toISOString(), plus(s, 15 * MINUTE).toISOString()],
    });
    // A day later the edge scan has aged out; asking about nobody gives nothing.
    expect((await exposures([edge!], plus(at, DAY)))[edge!]).toEqual([]);
    expect(await exposures([], at)).toEqual({});
  });
});
