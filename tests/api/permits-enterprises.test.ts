/**
 * Enterprises through the gateway: registration with a validated unified
 * social credit code, resumption changes with their history, listing by
 * region and status, an enterprise's permits, and the resumed-work database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeCreditCode } from '../../subgraphs/permits/enterprise/credit-code.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, TOWN_A, TOWN_B } from '../support/builders.js';
import { DAY, HOUR } from '../support/health-builders.js';
import { permitsBuilders, type PermitsBuilders } from '../support/permits-builders.js';
import { expectError, ok } from '../support/assertions.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let permits: PermitsBuilders;
beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  permits = permitsBuilders(platform.test.database.db);
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const ENTERPRISE = 'id creditCode name industry resumptionStatus community { code name } resumptionHistory { status actor reason at }';
const REGISTER = `mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input) { ${ENTERPRISE} } }`;
const RESUME = `mutation($id: ID!, $status: ResumptionStatus!, $reason: String!) { setEnterpriseResumption(id: $id, status: $status, reason: $reason) { ${ENTERPRISE} } }`;

const input = (changes: Record<string, string> = {}) => ({
  creditCode: permits.creditCode(),
  name: 'Xujing Logistics Co., Ltd.',
  industry: 'LOGISTICS',
  communityCode: COMMUNITY_A2,
  ...changes,
});

describe('registerEnterprise', () => {
  test('registers NOT_RESUMED, in its community (a population Region), with the registration as the first change', async () => {
    const code = makeCreditCode('91', '310118', '7C2D8E11');
    const { registerEnterprise } = ok(await platform.gql(REGISTER, { input: input({ creditCode: `  ${code.toLowerCase()} ` }) }));
    expect(registerEnterprise).toMatchObject({
      creditCode: code,
      name: 'Xujing Logistics Co., Ltd.',
      industry: 'LOGISTICS',
      resumptionStatus: 'NOT_RESUMED',
      community: { code: COMMUNITY_A2, name: 'Songze Village' },
      resumptionHistory: [{ status: 'NOT_RESUMED', actor: 'test-admin', reason: 'registered' }],
    });
    expectError(await platform.gql(REGISTER, { input: input({ creditCode: code }) }), 'CONFLICT', { message: new RegExp(`credit code ${code} is already registered`) });
  });

  test.each([
    ['a wrong check character', () => { const c = permits.creditCode(); return c.slice(0, 17) + (c[17] === '0' ? '1' : '0'); }, /check character/],
    ['too short', () => '9131011812345', /18 characters/],
    ['a letter outside the alphabet', () => '91310118I2345678XX', /"I" cannot appear/],
  ])('a credit code with %s is BAD_USER_INPUT naming input.creditCode', async (_, code, message) => {
    expectError(await platform.gql(REGISTER, { input: input({ creditCode: code() }) }), 'BAD_USER_INPUT', { message, field: 'input.creditCode' });
  });

  test('bad name, industry or community name the field', async () => {
    expectError(await platform.gql(REGISTER, { input: input({ name: ' ' }) }), 'BAD_USER_INPUT', { message: /name/, field: 'input.name' });
    expectError(await platform.gql(REGISTER, { input: input({ industry: '' }) }), 'BAD_USER_INPUT', { message: /industry/, field: 'input.industry' });
    expectError(await platform.gql(REGISTER, { input: input({ communityCode: TOWN_A }) }), 'BAD_USER_INPUT', { message: /community code/, field: 'input.communityCode' });
    expectError(await platform.gql(REGISTER, { input: input({ communityCode: '310118101099' }) }), 'BAD_USER_INPUT', { message: /No community has code/, field: 'input.communityCode' });
  });
});

describe('setEnterpriseResumption', () => {
  test('NOT_RESUMED → APPROVED_TO_RESUME → SUSPENDED → APPROVED_TO_RESUME, each kept with who, when, why; anything else is a CONFLICT', async () => {
    const { registerEnterprise } = ok(await platform.gql(REGISTER, { input: input() }));
    const id = registerEnterprise.id;
    expectError(await platform.gql(RESUME, { id, status: 'SUSPENDED', reason: 'x' }), 'CONFLICT', { message: /the enterprise is NOT_RESUMED; it can only become APPROVED_TO_RESUME/ });
    ok(await platform.gql(RESUME, { id, status: 'APPROVED_TO_RESUME', reason: 'Epidemic prevention plan accepted' }));
    expectError(await platform.gql(RESUME, { id, status: 'APPROVED_TO_RESUME', reason: 'again' }), 'CONFLICT', { message: /is APPROVED_TO_RESUME/ });
    ok(await platform.gql(RESUME, { id, status: 'SUSPENDED', reason: 'A case among the staff' }));
    expectError(await platform.gql(RESUME, { id, status: 'NOT_RESUMED', reason: 'x' }), 'CONFLICT', { message: /is SUSPENDED/ });
    const { setEnterpriseResumption } = ok(await platform.gql(RESUME, { id, status: 'APPROVED_TO_RESUME', reason: 'Disinfected, staff retested' }));
    expect(setEnterpriseResumption.resumptionStatus).toBe('APPROVED_TO_RESUME');
    expect(setEnterpriseResumption.resumptionHistory.map((c: any) => [c.status, c.reason, c.actor])).toEqual([
      ['NOT_RESUMED', 'registered', 'test-admin'],
      ['APPROVED_TO_RESUME', 'Epidemic prevention plan accepted', 'test-admin'],
      ['SUSPENDED', 'A case among the staff', 'test-admin'],
      ['APPROVED_TO_RESUME', 'Disinfected, staff retested', 'test-admin'],
    ]);
    const times = setEnterpriseResumption.resumptionHistory.map((c: any) => new Date(c.at).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  test('bad input: a reason is required, unknown IDs are NOT_FOUND', async () => {
    const firm = await permits.enterprise();
    expectError(await platform.gql(RESUME, { id: String(firm.id), status: 'APPROVED_TO_RESUME', reason: ' ' }), 'BAD_USER_INPUT', { message: /reason/, field: 'reason' });
    expectError(await platform.gql(RESUME, { id: '987654321', status: 'APPROVED_TO_RESUME', reason: 'x' }), 'NOT_FOUND', { message: /No enterprise has ID 987654321/ });
    expectError(await platform.gql(RESUME, { id: 'E1', status: 'APPROVED_TO_RESUME', reason: 'x' }), 'BAD_USER_INPUT', { field: 'id' });
    expect(ok(await platform.gql(`{ enterprise(id: "987654321") { id } }`)).enterprise).toBeNull();
  });
});

describe('listing', () => {
  test('enterprises by region and status: totalCount and pages', async () => {
    const now = Date.now();
    const resumed = [] as number[];
    for (let i = 0; i < 3; i++) resumed.push((await permits.enterprise({ community: COMMUNITY_B1, changes: [{ status: 'APPROVED_TO_RESUME', at: new Date(now - DAY) }] })).id);
    const notResumed = (await permits.enterprise({ community: COMMUNITY_B1 })).id;
    await permits.enterprise({ community: COMMUNITY_A1, changes: [{ status: 'APPROVED_TO_RESUME', at: new Date(now - DAY) }] });
    const query = `query($filter: EnterpriseFilter, $first: Int, $after: String) {
      enterprises(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
    }`;
    const filter = { regionCode: TOWN_B, status: ['APPROVED_TO_RESUME'] };
    const first = ok(await platform.gql(query, { filter, first: 2 })).enterprises;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ok(await platform.gql(query, { filter, first: 2, after: first.pageInfo.endCursor })).enterprises;
    expect([...first.edges, ...second.edges].map((e: any) => Number(e.node.id))).toEqual(resumed);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const all = ok(await platform.gql(query, { filter: { regionCode: TOWN_B } })).enterprises;
    expect(all.edges.map((e: any) => Number(e.node.id))).toContain(notResumed);
    // One answer for an unknown region, whatever its shape (was BAD_USER_INPUT).
    expectError(await platform.gql(query, { filter: { regionCode: '3101' } }), 'NOT_FOUND', { message: /"3101"/ });
    expectError(await platform.gql(query, { after: 'nonsense' }), 'BAD_USER_INPUT', { field: 'after' });
  });

  test('Enterprise.permits: newest first, by status as it reads now, paged, with totalCount', async () => {
    const firm = await permits.enterprise({ community: COMMUNITY_A1 });
    const now = Date.now();
    const residents = await Promise.all([0, 1, 2, 3].map(() => platform.seed.resident()));
    const pending = await permits.permit({ residentId: residents[0]!.id, enterpriseId: firm.id, appliedAt: new Date(now - 5 * DAY) });
    const approved = await permits.permit({ residentId: residents[1]!.id, enterpriseId: firm.id, appliedAt: new Date(now - 5 * DAY), changes: [{ status: 'APPROVED', at: new Date(now - 4 * DAY) }] });
    const expired = await permits.permit({ residentId: residents[2]!.id, enterpriseId: firm.id, appliedAt: new Date(now - 50 * DAY), changes: [{ status: 'APPROVED', at: new Date(now - 45 * DAY) }] });
    const rejected = await permits.permit({ residentId: residents[3]!.id, enterpriseId: firm.id, appliedAt: new Date(now - 5 * DAY), changes: [{ status: 'REJECTED', at: new Date(now - 4 * DAY) }] });
    const query = `query($id: ID!, $status: [PermitStatus!], $first: Int, $after: String) { enterprise(id: $id) {
      permits(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status holder { id name } } } } } }`;
    const all = ok(await platform.gql(query, { id: String(firm.id) })).enterprise.permits;
    expect(all.totalCount).toBe(4);
    expect(all.edges.map((e: any) => [Number(e.node.id), e.node.status])).toEqual([
      [rejected.id, 'REJECTED'],
      [expired.id, 'EXPIRED'],
      [approved.id, 'APPROVED'],
      [pending.id, 'PENDING'],
    ]);
    expect(all.edges[3].node.holder).toEqual({ id: String(residents[0]!.id), name: expect.any(String) });
    const only = ok(await platform.gql(query, { id: String(firm.id), status: ['APPROVED'] })).enterprise.permits;
    expect(only.edges.map((e: any) => Number(e.node.id))).toEqual([approved.id]);
    const expiredOnly = ok(await platform.gql(query, { id: String(firm.id), status: ['EXPIRED', 'PENDING'] })).enterprise.permits;
    expect(expiredOnly.edges.map((e: any) => Number(e.node.id))).toEqual([expired.id, pending.id]);
    const page1 = ok(await platform.gql(query, { id: String(firm.id), first: 3 })).enterprise.permits;
    const page2 = ok(await platform.gql(query, { id: String(firm.id), first: 3, after: page1.pageInfo.endCursor })).enterprise.permits;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.edges.map((e: any) => Number(e.node.id))).toEqual([pending.id]);
    expect(page2.totalCount).toBe(4);
  });

  test('resumedWorkers: holders of active permits by the enterprise\'s region, since when, newest first', async () => {
    const now = Date.now();
    const inA2 = await permits.enterprise({ community: COMMUNITY_A2, name: 'Songze Garments', changes: [{ status: 'APPROVED_TO_RESUME', at: new Date(now - 10 * DAY) }] });
    const inB1 = await permits.enterprise({ community: COMMUNITY_B1, name: 'Xiangjia Foods' });
    // The holder lives in B1 but works in A2: counted in A2.
    const worker = await platform.seed.resident({ community: COMMUNITY_B1, name: 'Lu Wei' });
    const other = await platform.seed.resident({ community: COMMUNITY_A2 });
    await platform.drainEvents(); // permits learns where they live
    const active = await permits.permit({ residentId: worker.id, enterpriseId: inA2.id, appliedAt: new Date(now - 3 * DAY), changes: [{ status: 'APPROVED', at: new Date(now - 2 * DAY) }] });
    const newer = await permits.permit({ residentId: other.id, enterpriseId: inA2.id, appliedAt: new Date(now - 3 * DAY), changes: [{ status: 'APPROVED', at: new Date(now - HOUR) }] });
    await permits.permit({ residentId: other.id, enterpriseId: inA2.id, appliedAt: new Date(now - 3 * DAY), changes: [{ status: 'APPROVED', at: new Date(now - 2 * DAY) }, { status: 'REVOKED', at: new Date(now - DAY) }] });
    await permits.permit({ residentId: other.id, enterpriseId: inB1.id, appliedAt: new Date(now - 3 * DAY) });
    const query = `query($code: ID!, $first: Int, $after: String) { resumedWorkers(regionCode: $code, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { since until resident { id name } enterprise { name community { code } } permit { id status } } } } }`;
    const page1 = ok(await platform.gql(query, { code: COMMUNITY_A2, first: 1 })).resumedWorkers;
    expect(page1.totalCount).toBe(2);
    expect(page1.edges[0].node).toMatchObject({ permit: { id: String(newer.id), status: 'APPROVED' }, since: newer.validFrom!.toISOString() });
    const page2 = ok(await platform.gql(query, { code: COMMUNITY_A2, first: 1, after: page1.pageInfo.endCursor })).resumedWorkers;
    expect(page2.edges[0].node).toEqual({
      since: active.validFrom!.toISOString(),
      until: active.validTo!.toISOString(),
      resident: { id: String(worker.id), name: 'Lu Wei' },
      enterprise: { name: 'Songze Garments', community: { code: COMMUNITY_A2 } },
      permit: { id: String(active.id), status: 'APPROVED' },
    });
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(ok(await platform.gql(query, { code: COMMUNITY_B1 })).resumedWorkers.totalCount).toBe(0);
    expectError(await platform.gql(query, { code: 'abc' }), 'NOT_FOUND', { message: /"abc"/ });
  });
});
