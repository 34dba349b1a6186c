/**
 * Region.permits(asOf): the 4 permit indexes against hand-built histories at
 * a past instant, counted in the enterprise's region, from history and not
 * from the status caches; a parent is the sum of its children. And the
 * permit parts of the contract's RegionDashboard and ResidentProfile.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { DAY, healthBuilders, HOUR } from '../support/health-builders.js';
import { permitsBuilders } from '../support/permits-builders.js';
import { startTestPlatform, type TestPlatform, asViewer } from '../support/platform.js';

let platform: TestPlatform;
const T = new Date('2024-03-01T00:00:00Z');
const at = (iso: string) => new Date(`2024-${iso}Z`);
let profileResident: number;
let profilePermits: { approved: number; pending: number };

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  const { seed } = platform;
  const permits = permitsBuilders(platform.test.database.db);
  await seed.regionTree();
  const [r1, r2, r3, r4, r5] = await Promise.all([1, 2, 3, 4, 5].map(() => seed.resident({ community: COMMUNITY_B2 })));
  const reg = at('01-01T00:00:00');

  // A1: resumed at T (suspended only later).
  const e1 = await permits.enterprise({ community: COMMUNITY_A1, registeredAt: reg, changes: [{ status: 'APPROVED_TO_RESUME', at: at('02-01T00:00:00') }, { status: 'SUSPENDED', at: at('03-10T00:00:00') }] });
  // A2: resumed and suspended again before T.
  const e2 = await permits.enterprise({ community: COMMUNITY_A2, registeredAt: reg, changes: [{ status: 'APPROVED_TO_RESUME', at: at('02-15T00:00:00') }, { status: 'SUSPENDED', at: at('02-20T00:00:00') }] });
  // B1: resumed at T; resumed exactly at T counts (a change at T holds at T).
  const e3 = await permits.enterprise({ community: COMMUNITY_B1, registeredAt: reg, changes: [{ status: 'APPROVED_TO_RESUME', at: at('02-25T00:00:00') }] });
  const e3b = await permits.enterprise({ community: COMMUNITY_B1, registeredAt: reg, changes: [{ status: 'APPROVED_TO_RESUME', at: T }] });
  // B1: registered after T: nothing of it counts at T.
  const e4 = await permits.enterprise({ community: COMMUNITY_B1, registeredAt: at('03-05T00:00:00'), changes: [{ status: 'APPROVED_TO_RESUME', at: at('03-06T00:00:00') }] });

  // A1: two active permits of one holder (revoked / expired only after T), and one pending at T (approved later).
  await permits.permit({ residentId: r1!.id, enterpriseId: e1.id, appliedAt: at('02-01T00:00:00'), changes: [{ status: 'APPROVED', at: at('02-02T00:00:00') }, { status: 'REVOKED', at: at('03-02T00:00:00') }] });
  await permits.permit({ residentId: r1!.id, enterpriseId: e1.id, type: 'CLOSED_LOOP', appliedAt: at('02-03T00:00:00'), changes: [{ status: 'APPROVED', at: at('02-03T08:00:00') }], validTo: at('03-03T00:00:00') });
  await permits.permit({ residentId: r2!.id, enterpriseId: e1.id, appliedAt: at('02-20T00:00:00'), changes: [{ status: 'APPROVED', at: at('03-02T00:00:00') }] });
  // A2: expired by time before T (no EXPIRED row), rejected before T, pending still.
  await permits.permit({ residentId: r3!.id, enterpriseId: e2.id, appliedAt: at('01-09T00:00:00'), changes: [{ status: 'APPROVED', at: at('01-10T00:00:00') }], validTo: at('02-09T00:00:00') });
  await permits.permit({ residentId: r2!.id, enterpriseId: e2.id, appliedAt: at('02-10T00:00:00'), changes: [{ status: 'REJECTED', at: at('02-12T00:00:00') }] });
  await permits.permit({ residentId: r4!.id, enterpriseId: e2.id, appliedAt: at('02-27T00:00:00') });
  // B1: active, valid-to exactly T is not active at T; approved exactly at T is active; applied after T is nothing.
  await permits.permit({ residentId: r5!.id, enterpriseId: e3.id, appliedAt: at('02-25T00:00:00'), changes: [{ status: 'APPROVED', at: at('02-26T00:00:00') }] });
  await permits.permit({ residentId: r3!.id, enterpriseId: e3.id, appliedAt: at('01-25T00:00:00'), changes: [{ status: 'APPROVED', at: at('01-31T00:00:00') }], validTo: T });
  await permits.permit({ residentId: r4!.id, enterpriseId: e3b.id, appliedAt: at('02-28T00:00:00'), changes: [{ status: 'APPROVED', at: T }] });
  await permits.permit({ residentId: r3!.id, enterpriseId: e4.id, appliedAt: at('03-05T00:00:00') });

  // The profile: a resident with a permit approved yesterday (valid, GREEN) and a pending one, newest first.
  const holder = await seed.resident({ community: COMMUNITY_A1 });
  await platform.drainEvents();
  await healthBuilders(platform.test.database.db).sample({ residentId: holder.id, sampledAt: new Date(Date.now() - 30 * HOUR) });
  const now = Date.now();
  const approved = await permits.permit({ residentId: holder.id, enterpriseId: e3.id, appliedAt: new Date(now - 2 * DAY), changes: [{ status: 'APPROVED', at: new Date(now - DAY) }] });
  const pending = await permits.permit({ residentId: holder.id, enterpriseId: e1.id, appliedAt: new Date(now - HOUR) });
  profileResident = holder.id;
  profilePermits = { approved: approved.id, pending: pending.id };
});
afterAll(() => platform?.stop());

const INDEXES = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) {
    code permits(asOf: $asOf) { pending active resumedWorkers enterprisesResumed }
    children { code permits(asOf: $asOf) { pending active resumedWorkers enterprisesResumed } }
  }
}`;

const indexesAt = async (code: string, asOf: Date) => (await platform.data(INDEXES, { code, asOf: asOf.toISOString() })).region;
const z = { pending: 0, active: 0, resumedWorkers: 0, enterprisesResumed: 0 };

describe('the permit indexes at a past instant', () => {
  test('communities: from history, in the enterprise\'s region, at the edges', async () => {
    const a = await indexesAt(TOWN_A, T);
    expect(a.children).toEqual([
      // Two active permits of one holder: active 2, resumed workers 1.
      { code: COMMUNITY_A1, permits: { pending: 1, active: 2, resumedWorkers: 1, enterprisesResumed: 1 } },
      { code: COMMUNITY_A2, permits: { pending: 1, active: 0, resumedWorkers: 0, enterprisesResumed: 0 } },
    ]);
    const b = await indexesAt(TOWN_B, T);
    expect(b.children).toEqual([
      { code: COMMUNITY_B1, permits: { pending: 0, active: 2, resumedWorkers: 2, enterprisesResumed: 2 } },
      // The holders live in B2, but permits count where the enterprise is.
      { code: COMMUNITY_B2, permits: z },
    ]);
  });

  test('a parent is the sum of its children, at every level', async () => {
    const district = await indexesAt(DISTRICT, T);
    expect(district.permits).toEqual({ pending: 2, active: 4, resumedWorkers: 3, enterprisesResumed: 3 });
    expect(district.children.map((c: any) => c.code)).toEqual([TOWN_A, TOWN_B, TOWN_EMPTY]);
    const sum = (rows: any[]) =>
      rows.reduce((acc, row) => Object.fromEntries(Object.keys(z).map((k) => [k, acc[k] + row.permits[k]])), { ...z });
    expect(sum(district.children)).toEqual(district.permits);
    for (const town of [TOWN_A, TOWN_B]) {
      const region = await indexesAt(town, T);
      expect(sum(region.children)).toEqual(region.permits);
    }
    expect(district.children[2].permits).toEqual(z);
  });

  test('other instants: before anything, and a day before T', async () => {
    expect((await indexesAt(DISTRICT, at('01-01T00:00:00'))).permits).toEqual(z);
    // Feb 29: e2 suspended, e3 resumed, e3b not yet; the A1 permits active, r2 pending; r5 active in B1, r3's B1 permit still valid.
    expect((await indexesAt(DISTRICT, at('02-29T00:00:00'))).permits).toEqual({ pending: 3, active: 4, resumedWorkers: 3, enterprisesResumed: 2 });
  });

  test('now differs from T (later changes), and T never changes: the caches are not read', async () => {
    const now = (await platform.data(`{ region(code: "${COMMUNITY_A1}") { permits { pending active resumedWorkers enterprisesResumed } } }`)).region.permits;
    // e1 suspended since Mar 10; its old permits revoked or expired; the profile resident's pending permit.
    expect(now).toEqual({ pending: 1, active: 0, resumedWorkers: 0, enterprisesResumed: 0 });
    expect((await indexesAt(COMMUNITY_A1, T)).permits).toEqual({ pending: 1, active: 2, resumedWorkers: 1, enterprisesResumed: 1 });
  });

  test('asOf in the future is BAD_USER_INPUT; a region outside scope is FORBIDDEN', async () => {
    const future = await platform.gql(INDEXES, { code: DISTRICT, asOf: new Date(Date.now() + DAY).toISOString() });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    const worker = asViewer({ id: 'worker-a1', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A1 });
    // Population hides a region outside the viewer's scope; permits refuses one asked for by code.
    expect((await platform.gql(INDEXES, { code: TOWN_B, asOf: T.toISOString() }, worker)).data?.region).toBeNull();
    const outside = await platform.gql(`{ resumedWorkers(regionCode: "${TOWN_B}") { totalCount } }`, {}, worker);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const inside = await platform.gql(`{ region(code: "${COMMUNITY_A1}") { permits(asOf: "${T.toISOString()}") { active } } }`, {}, worker);
    expect(inside.data?.region.permits.active).toBe(2);
  });
});

describe('the contract operations', () => {
  test('RegionDashboard: the permit indexes of a region and its children in one request', async () => {
    const query = `query RegionDashboard($code: ID!, $asOf: DateTime) {
      region(code: $code) { ...RegionIndexes parent { code name level } children { ...RegionIndexes } }
    }
    fragment RegionIndexes on Region {
      code name level
      population(asOf: $asOf) { residents }
      permits(asOf: $asOf) { pending active resumedWorkers enterprisesResumed }
    }`;
    const { region } = await platform.data(query, { code: TOWN_B, asOf: T.toISOString() });
    expect(region).toMatchObject({
      code: TOWN_B,
      level: 'TOWN',
      parent: { code: DISTRICT },
      permits: { pending: 0, active: 2, resumedWorkers: 2, enterprisesResumed: 2 },
      children: [
        { code: COMMUNITY_B1, permits: { pending: 0, active: 2, resumedWorkers: 2, enterprisesResumed: 2 } },
        { code: COMMUNITY_B2, population: { residents: 5 }, permits: z },
      ],
    });
  });

  test('ResidentProfile: workPermits newest first, with valid and the enterprise', async () => {
    const query = `query ResidentProfile($id: ID!) { resident(id: $id) { id workPermits { id status validFrom validTo valid enterprise { name } } } }`;
    const { resident } = await platform.data(query, { id: String(profileResident) });
    expect(resident.workPermits).toEqual([
      { id: String(profilePermits.pending), status: 'PENDING', validFrom: null, validTo: null, valid: false, enterprise: { name: expect.any(String) } },
      { id: String(profilePermits.approved), status: 'APPROVED', validFrom: expect.any(String), validTo: expect.any(String), valid: true, enterprise: { name: expect.any(String) } },
    ]);
  });
});
