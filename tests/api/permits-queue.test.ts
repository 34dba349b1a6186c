/**
 * workPermits(filter: { regionCode, status }, first, after): the permit queue
 * of a region of any level (a permit belongs to its enterprise's region), by
 * status as it reads now, oldest application first (appliedAt, then ID), in
 * pages with totalCount; the viewer's region scope applies; the contract's
 * WorkPermits operation, also as the permit bureau's trusted document.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadPartnerDocuments } from '../../gateway/partners/trusted-documents.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, TOWN_A } from '../support/builders.js';
import { DAY } from '../support/health-builders.js';
import { permitsBuilders } from '../support/permits-builders.js';
import { expectError, ok } from '../support/assertions.js';
import { asViewer, startTestPlatform, tokenFor, type TestPlatform, type TestViewer } from '../support/platform.js';
import { WorkPermitsDocument } from '../generated/graphql.js';

let platform: TestPlatform;
const ids: Record<string, string> = {};
const names: Record<string, string> = {};

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  const permits = permitsBuilders(platform.test.database.db);
  await platform.seed.regionTree();
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY);
  const resumed = [{ status: 'APPROVED_TO_RESUME' as const, at: ago(60) }];
  const eA1 = await permits.enterprise({ community: COMMUNITY_A1, name: 'Xiayang Electronics', changes: resumed });
  const eA2 = await permits.enterprise({ community: COMMUNITY_A2, name: 'Songze Logistics', changes: resumed });
  const eB1 = await permits.enterprise({ community: COMMUNITY_B1, name: 'Xiangjia Foods', changes: resumed });
  const resident = async (name: string) => {
    const built = await platform.seed.resident({ community: COMMUNITY_B1, name });
    names[String(built.id)] = name;
    return built.id;
  };
  const [r1, r2, r3] = [await resident('Wang Fang'), await resident('Li Na'), await resident('Zhang Wei')];
  await platform.drainEvents();
  const put = async (key: string, spec: Parameters<typeof permits.permit>[0]) => (ids[key] = String((await permits.permit(spec)).id));
  // Inserted out of application order: the queue orders by appliedAt, then ID.
  await put('pendingA2', { residentId: r2, enterpriseId: eA2.id, appliedAt: ago(2) });
  await put('pendingA1', { residentId: r1, enterpriseId: eA1.id, appliedAt: ago(5) });
  await put('approvedA2', { residentId: r1, enterpriseId: eA2.id, appliedAt: ago(4), changes: [{ status: 'APPROVED', at: ago(3) }] });
  await put('rejectedA1', { residentId: r3, enterpriseId: eA1.id, appliedAt: ago(3), changes: [{ status: 'REJECTED', at: ago(2) }] });
  await put('expiredA1', { residentId: r3, enterpriseId: eA1.id, appliedAt: ago(40), changes: [{ status: 'APPROVED', at: ago(39) }] });
  await put('pendingA2same', { residentId: r3, enterpriseId: eA2.id, appliedAt: ago(2) }); // the same instant as pendingA2: after it by ID
  await put('pendingB1', { residentId: r1, enterpriseId: eB1.id, appliedAt: ago(1) });
});
afterAll(() => platform?.stop());

const queue = async (code: string, status: string[] | null = null, first = 20, after: string | null = null) =>
  ok(await platform.gql(WorkPermitsDocument, { code, status: status as never, first, after })).workPermits;
const keysOf = (page: { edges: { node: { id: string } }[] }) => page.edges.map((edge) => Object.keys(ids).find((key) => ids[key] === edge.node.id));

describe('workPermits', () => {
  test('a town\'s queue, oldest application first (then ID), every status, with the contract\'s fields', async () => {
    const page = await queue(TOWN_A);
    expect(page.totalCount).toBe(6);
    expect(keysOf(page)).toEqual(['expiredA1', 'pendingA1', 'approvedA2', 'rejectedA1', 'pendingA2', 'pendingA2same']);
    const approved = page.edges[2]!.node;
    expect(approved).toMatchObject({
      id: ids.approvedA2,
      status: 'APPROVED',
      validFrom: expect.any(String),
      validTo: expect.any(String),
      valid: false, // health knows no sample of the holder: not GREEN
      enterprise: { name: 'Songze Logistics' },
    });
    expect(approved.resident).toEqual({ id: expect.any(String), name: names[approved.resident!.id] });
    expect(page.edges[0]!.node).toMatchObject({ status: 'EXPIRED', valid: false });
  });

  test('by status as it reads now (an approval past its validTo is EXPIRED), any region level', async () => {
    expect(keysOf(await queue(TOWN_A, ['PENDING']))).toEqual(['pendingA1', 'pendingA2', 'pendingA2same']);
    expect(keysOf(await queue(TOWN_A, ['EXPIRED', 'REJECTED']))).toEqual(['expiredA1', 'rejectedA1']);
    expect(keysOf(await queue(TOWN_A, ['APPROVED']))).toEqual(['approvedA2']);
    expect(keysOf(await queue(COMMUNITY_A2, []))).toEqual(['approvedA2', 'pendingA2', 'pendingA2same']);
    expect((await queue('310118', ['PENDING'])).totalCount).toBe(4);
  });

  test('pages: first and after walk the queue, totalCount stays the whole queue', async () => {
    const seen: (string | undefined)[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const page = await queue(TOWN_A, null, 4, after);
      expect(page.totalCount).toBe(6);
      seen.push(...keysOf(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(['expiredA1', 'pendingA1', 'approvedA2', 'rejectedA1', 'pendingA2', 'pendingA2same']);
    expectError(await platform.gql(WorkPermitsDocument, { code: TOWN_A, first: 501 }), 'BAD_USER_INPUT', { field: 'first' });
  });

  test('region scope: inside it only its permits, outside FORBIDDEN, a code naming no region NOT_FOUND', async () => {
    const worker = asViewer({ id: 'worker-a1', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A1 });
    const own = ok(await platform.gql(WorkPermitsDocument, { code: COMMUNITY_A1 }, worker)).workPermits;
    expect(keysOf(own)).toEqual(['expiredA1', 'pendingA1', 'rejectedA1']);
    expectError(await platform.gql(WorkPermitsDocument, { code: TOWN_A }, worker), 'FORBIDDEN');
    expectError(await platform.gql(WorkPermitsDocument, { code: COMMUNITY_B1 }, worker), 'FORBIDDEN');
    expectError(await platform.gql(WorkPermitsDocument, { code: '999999' }), 'NOT_FOUND', { message: /999999/ });
    expectError(await platform.gql(WorkPermitsDocument, { code: 'abc' }), 'NOT_FOUND', { message: /"abc"/ });
  });

  test('the permit bureau runs it as a trusted document, by hash', async () => {
    const bureau: TestViewer = { id: 'permit-bureau', role: 'PERMIT_BUREAU', regionCode: '310118' };
    const document = [...loadPartnerDocuments().values()].find((d) => d.operationName === 'WorkPermits')!;
    const response = await fetch(platform.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(bureau)}` },
      body: JSON.stringify({ variables: { code: COMMUNITY_B1, status: ['PENDING'] }, extensions: { persistedQuery: { version: 1, sha256Hash: document.hash } } }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.workPermits).toMatchObject({ totalCount: 1, edges: [{ node: { id: ids.pendingB1, status: 'PENDING', resident: { id: expect.any(String) } } }] });
  });
});
