/**
 * Permits follow their enterprise's resumption and their holder's residence
 * (issue 17): approval needs the enterprise APPROVED_TO_RESUME; `valid` reads
 * false while it is not, or once the holder moved out; `active` and
 * `resumedWorkers` at an instant need the enterprise APPROVED_TO_RESUME then,
 * and no permit index counts a holder who no longer lives in the district;
 * `people(index: RESUMED_WORKERS)` lists exactly whom resumedWorkers counts,
 * and the `resumedWorkers` query lists holders, not permits.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A } from '../support/builders.js';
import { DAY, healthBuilders, HOUR, type HealthBuilders } from '../support/health-builders.js';
import { permitsBuilders, type PermitsBuilders } from '../support/permits-builders.js';
import { expectError, ok } from '../support/assertions.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { ApplyWorkPermitDocument, ApproveWorkPermitDocument } from '../generated/graphql.js';

let platform: TestPlatform;
let permits: PermitsBuilders;
let health: HealthBuilders;
const at = (iso: string) => new Date(`2024-${iso}Z`);
/** eA1 is suspended from Feb 20 to Feb 25; h4 moves out on Feb 27. */
const SUSPENDED_T = at('02-22T00:00:00');
const LATER_T = at('02-28T00:00:00');
const people: Record<'h1' | 'h2' | 'h3' | 'h4', number> = { h1: 0, h2: 0, h3: 0, h4: 0 };

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  permits = permitsBuilders(platform.test.database.db);
  health = healthBuilders(platform.test.database.db);
  await platform.seed.regionTree();
  const reg = at('01-01T00:00:00');
  const eA1 = await permits.enterprise({
    community: COMMUNITY_A1,
    registeredAt: reg,
    changes: [
      { status: 'APPROVED_TO_RESUME', at: at('02-01T00:00:00') },
      { status: 'SUSPENDED', at: at('02-20T00:00:00') },
      { status: 'APPROVED_TO_RESUME', at: at('02-25T00:00:00') },
    ],
  });
  const eA2 = await permits.enterprise({ community: COMMUNITY_A2, registeredAt: reg, changes: [{ status: 'APPROVED_TO_RESUME', at: at('02-01T00:00:00') }] });
  const eB1 = await permits.enterprise({ community: COMMUNITY_B1, registeredAt: reg }); // never resumed
  // All live in B2 (permits count where the enterprise is); addresses order them against their IDs.
  people.h1 = (await platform.seed.resident({ community: COMMUNITY_B2, address: 'Lane 9, Room 101' })).id;
  people.h2 = (await platform.seed.resident({ community: COMMUNITY_B2, address: 'Lane 1, Room 101' })).id;
  people.h3 = (await platform.seed.resident({ community: COMMUNITY_B2, address: 'Lane 3, Room 101' })).id;
  people.h4 = (await platform.seed.resident({ community: COMMUNITY_B2, address: 'Lane 5, Room 101', movedOutAt: at('02-27T00:00:00') })).id;
  await platform.drainEvents();
  const approved = (residentId: number, enterpriseId: number, day: string) =>
    permits.permit({ residentId, enterpriseId, appliedAt: at(`${day}T00:00:00`), changes: [{ status: 'APPROVED', at: at(`${day}T08:00:00`) }] });
  // h1 holds active permits at enterprises in two communities; h2 one; h3 one at an enterprise never resumed.
  await approved(people.h1, eA1.id, '02-02');
  await approved(people.h1, eA2.id, '02-03');
  await approved(people.h2, eA2.id, '02-05');
  await approved(people.h3, eB1.id, '02-05');
  // h4: active in A2 and pending in A1 until moving out.
  await approved(people.h4, eA2.id, '02-02');
  await permits.permit({ residentId: people.h4, enterpriseId: eA1.id, appliedAt: at('02-10T00:00:00') });
});
afterAll(() => platform?.stop());

const INDEXES = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) { permits(asOf: $asOf) { pending active resumedWorkers } children { code permits(asOf: $asOf) { pending active resumedWorkers } } }
}`;
const indexesAt = async (code: string, asOf: Date) => (await platform.data(INDEXES, { code, asOf: asOf.toISOString() })).region;

const PEOPLE = `query($code: ID!, $asOf: DateTime, $first: Int, $after: String) {
  region(code: $code) { permits(asOf: $asOf) { resumedWorkers people(index: RESUMED_WORKERS, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }
}`;
const peopleAt = async (code: string, asOf: Date, first = 20, after: string | null = null) =>
  (await platform.data(PEOPLE, { code, asOf: asOf.toISOString(), first, after })).region.permits;
const ids = (page: { edges: { node: { id: string } }[] }) => page.edges.map((edge) => Number(edge.node.id));

describe('the indexes at an instant follow the enterprise\'s status and the holder\'s residence then', () => {
  test('while an enterprise is suspended its approved permits are not active; a never-resumed enterprise\'s never are', async () => {
    const town = await indexesAt(TOWN_A, SUSPENDED_T);
    expect(town.children).toEqual([
      // eA1 suspended: h1's permit not active; h4's pending one still counts (h4 lives here until Feb 27).
      { code: COMMUNITY_A1, permits: { pending: 1, active: 0, resumedWorkers: 0 } },
      { code: COMMUNITY_A2, permits: { pending: 0, active: 3, resumedWorkers: 3 } },
    ]);
    expect((await indexesAt(COMMUNITY_B1, SUSPENDED_T)).permits).toEqual({ pending: 0, active: 0, resumedWorkers: 0 });
  });

  test('after the move-out the holder counts in no permit index; a parent counts a holder of two children once', async () => {
    const town = await indexesAt(TOWN_A, LATER_T);
    expect(town.children).toEqual([
      { code: COMMUNITY_A1, permits: { pending: 0, active: 1, resumedWorkers: 1 } },
      { code: COMMUNITY_A2, permits: { pending: 0, active: 2, resumedWorkers: 2 } },
    ]);
    expect(town.permits).toEqual({ pending: 0, active: 3, resumedWorkers: 2 });
    expect((await indexesAt(DISTRICT, LATER_T)).permits).toEqual({ pending: 0, active: 3, resumedWorkers: 2 });
  });
});

describe('people(index: RESUMED_WORKERS)', () => {
  test('the holders behind resumedWorkers, each once, in the first community where they count, then by address', async () => {
    const town = await peopleAt(TOWN_A, LATER_T);
    // h1 counts in A1 and A2: listed in A1 only; the list's total is the town's index, not the children's sum.
    expect(town.people.totalCount).toBe(town.resumedWorkers);
    expect(ids(town.people)).toEqual([people.h1, people.h2]);
    const a2 = await peopleAt(COMMUNITY_A2, LATER_T);
    expect(a2.people.totalCount).toBe(2);
    expect(ids(a2.people)).toEqual([people.h2, people.h1]); // Lane 1 before Lane 9
  });

  test('at another instant: whom that instant counts (a holder who moved out later is listed before), a page at a time', async () => {
    const first = await peopleAt(TOWN_A, SUSPENDED_T, 2);
    expect(first.people.totalCount).toBe(3);
    expect(first.resumedWorkers).toBe(3);
    expect(first.people.pageInfo.hasNextPage).toBe(true);
    const rest = await peopleAt(TOWN_A, SUSPENDED_T, 2, first.people.pageInfo.endCursor);
    expect([...ids(first.people), ...ids(rest.people)]).toEqual([people.h2, people.h4, people.h1]);
    expect(rest.people.pageInfo.hasNextPage).toBe(false);
    expect((await peopleAt(COMMUNITY_B1, LATER_T)).people.totalCount).toBe(0);
  });
});

describe('now: approval, valid, the present indexes and the resumed-work database', () => {
  const PERMIT = `query($id: ID!) { workPermit(id: $id) { status valid history { toStatus } } }`;
  const SET = `mutation($id: ID!, $status: ResumptionStatus!) { setEnterpriseResumption(id: $id, status: $status, reason: "inspection") { resumptionStatus } }`;
  const RESUMED = `query($code: ID!) {
    region(code: $code) { permits { active resumedWorkers } }
    resumedWorkers(regionCode: $code, first: 50) { totalCount edges { node { since until resident { id } enterprise { id } permit { id } permits { id } } } }
  }`;

  /** A holder with a GREEN code and a negative sample 6 h ago, living in B2. */
  async function greenHolder(): Promise<string> {
    const resident = await platform.seed.resident({ community: COMMUNITY_B2 });
    await platform.drainEvents();
    const sampledAt = new Date(Date.now() - 6 * HOUR);
    await health.sample({ residentId: resident.id, sampledAt, resultAt: new Date(sampledAt.getTime() + HOUR) });
    return String(resident.id);
  }
  const apply = async (residentId: string, enterpriseId: string) => ok(await platform.gql(ApplyWorkPermitDocument, { residentId, enterpriseId })).applyWorkPermit.id;
  const setStatus = async (id: string, status: string) => ok(await platform.gql(SET, { id, status }));

  test('approval is refused (CONFLICT naming the status) unless the enterprise is APPROVED_TO_RESUME; nothing is recorded', async () => {
    const firm = String((await permits.enterprise({ community: COMMUNITY_B1 })).id);
    const id = await apply(await greenHolder(), firm);
    expectError(await platform.gql(ApproveWorkPermitDocument, { id }), 'CONFLICT', { message: /enterprise is NOT_RESUMED.*APPROVED_TO_RESUME/ });
    expect(ok(await platform.gql(PERMIT, { id })).workPermit).toMatchObject({ status: 'PENDING', history: [{ toStatus: 'PENDING' }] });
    await setStatus(firm, 'APPROVED_TO_RESUME');
    await setStatus(firm, 'SUSPENDED');
    expectError(await platform.gql(ApproveWorkPermitDocument, { id }), 'CONFLICT', { message: /enterprise is SUSPENDED/ });
    await setStatus(firm, 'APPROVED_TO_RESUME');
    expect(ok(await platform.gql(ApproveWorkPermitDocument, { id })).approveWorkPermit).toMatchObject({ status: 'APPROVED', valid: true });
  });

  test('suspending the enterprise makes its permits not valid and not active now; resuming it again restores both', async () => {
    const firm = String((await permits.enterprise({ community: COMMUNITY_B1, changes: [{ status: 'APPROVED_TO_RESUME', at: new Date(Date.now() - 10 * DAY) }] })).id);
    const id = await apply(await greenHolder(), firm);
    ok(await platform.gql(ApproveWorkPermitDocument, { id }));
    const before = ok(await platform.gql(RESUMED, { code: COMMUNITY_B1 }));
    expect(before.region.permits.active).toBeGreaterThan(0);
    await setStatus(firm, 'SUSPENDED');
    expect(ok(await platform.gql(PERMIT, { id })).workPermit).toMatchObject({ status: 'APPROVED', valid: false });
    const during = ok(await platform.gql(RESUMED, { code: COMMUNITY_B1 }));
    expect(during.region.permits.active).toBe(before.region.permits.active - 1);
    expect(during.resumedWorkers.edges.map((e: any) => e.node.permit.id)).not.toContain(id);
    await setStatus(firm, 'APPROVED_TO_RESUME');
    expect(ok(await platform.gql(PERMIT, { id })).workPermit.valid).toBe(true);
    expect(ok(await platform.gql(RESUMED, { code: COMMUNITY_B1 })).region.permits.active).toBe(before.region.permits.active);
  });

  test('a holder who moves out: the permit reads not valid, and counts in no index and no list from then', async () => {
    const firm = String((await permits.enterprise({ community: COMMUNITY_B1, changes: [{ status: 'APPROVED_TO_RESUME', at: new Date(Date.now() - 10 * DAY) }] })).id);
    const holder = await greenHolder();
    const id = await apply(holder, firm);
    ok(await platform.gql(ApproveWorkPermitDocument, { id }));
    const before = ok(await platform.gql(RESUMED, { code: COMMUNITY_B1 }));
    expect(before.resumedWorkers.edges.map((e: any) => e.node.resident.id)).toContain(holder);
    ok(await platform.gql(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: holder }));
    await platform.drainEvents();
    expect(ok(await platform.gql(PERMIT, { id })).workPermit).toMatchObject({ status: 'APPROVED', valid: false });
    const after = ok(await platform.gql(RESUMED, { code: COMMUNITY_B1 }));
    expect(after.region.permits).toEqual({ active: before.region.permits.active - 1, resumedWorkers: before.region.permits.resumedWorkers - 1 });
    expect(after.resumedWorkers.edges.map((e: any) => e.node.resident.id)).not.toContain(holder);
  });

  test('resumedWorkers lists holders: one entry for a holder of two active permits, totalCount = the index', async () => {
    const recently = new Date(Date.now() - 2 * DAY);
    const inA1 = await permits.enterprise({ community: COMMUNITY_A1, changes: [{ status: 'APPROVED_TO_RESUME', at: recently }] });
    const inA2 = await permits.enterprise({ community: COMMUNITY_A2, changes: [{ status: 'APPROVED_TO_RESUME', at: recently }] });
    const holder = Number(await greenHolder());
    const first = await permits.permit({ residentId: holder, enterpriseId: inA1.id, appliedAt: recently, changes: [{ status: 'APPROVED', at: new Date(Date.now() - DAY) }] });
    const second = await permits.permit({ residentId: holder, enterpriseId: inA2.id, appliedAt: recently, changes: [{ status: 'APPROVED', at: new Date(Date.now() - HOUR) }] });
    const town = ok(await platform.gql(RESUMED, { code: TOWN_A }));
    expect(town.resumedWorkers.totalCount).toBe(town.region.permits.resumedWorkers);
    expect(town.region.permits.active).toBe(2);
    expect(town.resumedWorkers.edges).toEqual([
      {
        node: {
          since: first.validFrom!.toISOString(),
          until: second.validTo!.toISOString(),
          resident: { id: String(holder) },
          enterprise: { id: String(inA2.id) },
          permit: { id: String(second.id) },
          permits: [{ id: String(second.id) }, { id: String(first.id) }],
        },
      },
    ]);
    for (const [code, permit] of [[COMMUNITY_A1, first], [COMMUNITY_A2, second]] as const) {
      const community = ok(await platform.gql(RESUMED, { code }));
      expect(community.resumedWorkers.totalCount).toBe(1);
      expect(community.resumedWorkers.edges[0].node.permits).toEqual([{ id: String(permit.id) }]);
    }
  });
});
