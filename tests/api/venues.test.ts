/**
 * Venues and scans through the gateway (registerVenue, venues, recordVenueScan,
 * Resident.venueScans, Venue.abnormalScans). The SQL rules behind them are in
 * tests/sql/venue-exposure.test.ts.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scans, venues } from '../../subgraphs/health/db.js';
import { COMMUNITY_A1, COMMUNITY_B1, COMMUNITY_B2, TOWN_B, type ResidentSpec } from '../support/builders.js';
import { HOUR, MINUTE, plus, residentKnownToHealth, startHealthPlatform, type HealthBuilders } from '../support/health-builders.js';
import { expectError, ok } from '../support/assertions.js';
import { asViewer, type RequestAs, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let health: HealthBuilders;
beforeAll(async () => {
  ({ platform, health } = await startHealthPlatform());
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

const register = (input: Record<string, string>, headers?: RequestAs) => platform.gql(REGISTER, { input }, headers);
const recordScan = (residentId: number | string, venueCode: string, colorShown: string, scannedAt?: Date) =>
  platform.gql(SCAN, { residentId: String(residentId), venueCode, colorShown, scannedAt: scannedAt?.toISOString() });

const resident = (spec?: ResidentSpec) => residentKnownToHealth(platform, spec);

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
    expectError(await register({ code: 'has space', name: 'x', type: 'SHOP', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', { field: 'input.code' });
    expectError(await register({ code: 'x'.repeat(33), name: 'x', type: 'SHOP', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', { field: 'input.code' });
    expectError(await register({ code: 'QP-OK-9', name: ' ', type: 'SHOP', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', { field: 'input.name' });
    expectError(await register({ code: 'QP-OK-9', name: 'x', type: '', communityCode: COMMUNITY_A1 }), 'BAD_USER_INPUT', { field: 'input.type' });
    for (const communityCode of [TOWN_B, '31011810100', '3101181010011', '31011810100A']) {
      expectError(await register({ code: 'QP-OK-9', name: 'x', type: 'SHOP', communityCode }), 'BAD_USER_INPUT', { field: 'input.communityCode' });
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
    expectError(await platform.gql(LIST, { first: 501 }), 'BAD_USER_INPUT', { field: 'first' });
    expectError(await platform.gql(LIST, { after: 'nonsense' }), 'BAD_USER_INPUT', { field: 'after' });
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
    expectError(await platform.gql(SCANS, { id: String(r.id), first: 101 }), 'BAD_USER_INPUT', { field: 'first' });
  });

  test('refuses an unknown venue (field venueCode), a future scan, an unknown resident; stores nothing', async () => {
    const r = await resident();
    await health.venue({ code: 'QP-SCAN-2' });
    const count = async () => (await platform.test.database.db.select().from(scans).where(eq(scans.residentId, r.id))).length;
    expectError(await recordScan(r.id, 'QP-NOPE', 'GREEN'), 'BAD_USER_INPUT', { field: 'venueCode' });
    expectError(await recordScan(r.id, 'QP-SCAN-2', 'GREEN', new Date(Date.now() + 5 * MINUTE)), 'BAD_USER_INPUT', { field: 'scannedAt' });
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
