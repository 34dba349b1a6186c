/**
 * recordOutreach and Resident.outreach / outreachHistory through the gateway:
 * who and when come from the request, the latest contact is what the call list
 * shows, notes are bounded, unknown residents are refused, and a page of
 * residents costs a fixed number of statements.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outreach } from '../../subgraphs/health/db.js';
import { COMMUNITY_A1, COMMUNITY_A2, type ResidentSpec } from '../support/builders.js';
import { RecordOutreachDocument } from '../generated/graphql.js';
import { expectError, ok } from '../support/assertions.js';
import { residentKnownToHealth } from '../support/health-builders.js';
import { asViewer, startTestPlatform, type RequestAs, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  // Events are applied only when drained, so statement counts see only the request's own statements.
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const RECORD = `mutation($residentId: ID!, $outcome: OutreachOutcome!, $note: String) {
  recordOutreach(residentId: $residentId, outcome: $outcome, note: $note) { lastContactedAt outcome note contactedBy }
}`;
const RESIDENT = `query($id: ID!, $first: Int) { resident(id: $id) {
  id outreach { lastContactedAt outcome note contactedBy } outreachHistory(first: $first) { lastContactedAt outcome note contactedBy }
} }`;

const record = (residentId: number | string, outcome: string, note?: string | null, headers?: RequestAs) =>
  platform.gql(RECORD, { residentId: String(residentId), outcome, note }, headers);

async function rows(residentId?: number) {
  const db = platform.test.database.db;
  return db
    .select()
    .from(outreach)
    .where(residentId === undefined ? undefined : eq(outreach.residentId, residentId))
    .orderBy(asc(outreach.id));
}

const resident = (spec?: ResidentSpec) => residentKnownToHealth(platform, spec);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recordOutreach', () => {
  test('stores outcome, note, who and when, and returns it as the latest outreach', async () => {
    const r = await resident();
    const before = Date.now();
    const { recordOutreach: recorded } = ok(await record(r.id, 'WILL_TEST', '  Will go to the Xiayang site after work. '));
    const after = Date.now();

    expect(recorded).toMatchObject({ outcome: 'WILL_TEST', note: 'Will go to the Xiayang site after work.', contactedBy: 'test-admin' });
    expect(Date.parse(recorded.lastContactedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(recorded.lastContactedAt)).toBeLessThanOrEqual(after + 1000);

    const stored = await rows(r.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ outcome: 'WILL_TEST', note: 'Will go to the Xiayang site after work.', contactedBy: 'test-admin' });
    expect(stored[0]!.contactedAt.toISOString()).toBe(recorded.lastContactedAt);

    const { resident: read } = await platform.data(RESIDENT, { id: String(r.id) });
    expect(read.outreach).toEqual(recorded);
    expect(read.outreachHistory).toEqual([recorded]);
  });

  test('the contract operation returns lastContactedAt, outcome and note', async () => {
    const r = await resident();
    const data = ok(
      await platform.gql(RecordOutreachDocument, { residentId: String(r.id), outcome: 'NOT_REACHABLE' }),
    );
    expect(data.recordOutreach).toEqual({ lastContactedAt: expect.any(String), outcome: 'NOT_REACHABLE', note: null });
  });

  test('the latest contact wins; the history lists every contact newest first, `first` at a time', async () => {
    const r = await resident();
    const outcomes = ['NOT_REACHABLE', 'AWAY', 'REFUSED', 'WILL_TEST'];
    const recorded = [];
    for (const outcome of outcomes) {
      recorded.push(ok(await record(r.id, outcome, `call ${outcome}`)).recordOutreach);
      await pause(3);
    }
    // Each mutation returns the latest outreach, which is the one it just recorded.
    expect(recorded.map((o) => o.outcome)).toEqual(outcomes);

    const { resident: read } = await platform.data(RESIDENT, { id: String(r.id), first: 3 });
    expect(read.outreach).toEqual(recorded[3]);
    expect(read.outreachHistory).toEqual([recorded[3], recorded[2], recorded[1]]);
    expect((await platform.data(RESIDENT, { id: String(r.id) })).resident.outreachHistory).toHaveLength(4); // default 20
    expect((await platform.data(RESIDENT, { id: String(r.id), first: 0 })).resident.outreachHistory).toEqual([]);
    expectError(await platform.gql(RESIDENT, { id: String(r.id), first: 101 }), 'BAD_USER_INPUT', { field: 'first' });
  });

  test('a resident never contacted has no outreach and an empty history', async () => {
    const r = await resident();
    const { resident: read } = await platform.data(RESIDENT, { id: String(r.id) });
    expect(read).toEqual({ id: String(r.id), outreach: null, outreachHistory: [] });
  });

  test('a blank note is no note; 1000 characters are accepted, 1001 refused and nothing stored', async () => {
    const r = await resident();
    expect(ok(await record(r.id, 'AWAY', '   ')).recordOutreach.note).toBeNull();
    const longest = 'x'.repeat(1000);
    expect(ok(await record(r.id, 'AWAY', longest)).recordOutreach.note).toBe(longest);
    const before = await rows(r.id);
    expectError(await record(r.id, 'AWAY', 'x'.repeat(1001)), 'BAD_USER_INPUT', { field: 'note' });
    expect(await rows(r.id)).toEqual(before);
  });

  test('the EXEMPT outcome notes the call only: it records no exemption', async () => {
    const r = await resident();
    ok(await record(r.id, 'EXEMPT', 'Bedridden, says the family'));
    const { resident: read } = await platform.data(`query($id: ID!) { resident(id: $id) { exemptFromTesting exemptions { id } } }`, { id: String(r.id) });
    expect(read).toEqual({ exemptFromTesting: false, exemptions: [] });
  });
});

describe('recordOutreach refuses', () => {
  test('unknown residents (NOT_FOUND), malformed IDs (BAD_USER_INPUT) and moved-out residents (CONFLICT), storing nothing', async () => {
    const before = await rows();
    expectError(await record(987654321, 'WILL_TEST'), 'NOT_FOUND');
    expectError(await record('abc', 'WILL_TEST'), 'BAD_USER_INPUT', { field: 'residentId' });
    const gone = await resident({ movedOutAt: new Date('2024-03-01T00:00:00Z') });
    expectError(await record(gone.id, 'WILL_TEST'), 'CONFLICT');
    expect(await rows()).toEqual(before);
  });

  test('a resident health has not heard of yet is NOT_FOUND until the registration event arrives', async () => {
    const r = await platform.seed.resident(); // event published, not applied
    expectError(await record(r.id, 'WILL_TEST'), 'NOT_FOUND');
    await platform.drainEvents();
    expect(ok(await record(r.id, 'WILL_TEST')).recordOutreach.outcome).toBe('WILL_TEST');
  });

  test('an outcome outside the enum is refused by validation', async () => {
    const r = await resident();
    const response = await record(r.id, 'MAYBE');
    expect(response.errors?.[0]?.message).toMatch(/OutreachOutcome/);
    expect(await rows(r.id)).toEqual([]);
  });
});

describe('viewers', () => {
  const worker = (community: string) => asViewer({ id: `worker-${community}`, role: 'COMMUNITY_WORKER', regionCode: community });

  test('the recording viewer is who contacted; a resident outside the viewer\'s community is NOT_FOUND', async () => {
    const r = await resident({ community: COMMUNITY_A1 });
    const recorded = ok(await record(r.id, 'WILL_TEST', null, worker(COMMUNITY_A1))).recordOutreach;
    expect(recorded.contactedBy).toBe(`worker-${COMMUNITY_A1}`);
    expectError(await record(r.id, 'REFUSED', null, worker(COMMUNITY_A2)), 'NOT_FOUND');
    expect((await rows(r.id)).map((row) => row.contactedBy)).toEqual([`worker-${COMMUNITY_A1}`]);
  });
});

describe('no N+1', () => {
  test('outreach and outreachHistory of a page of residents take the same statements for 5 as for 30', async () => {
    for (let i = 0; i < 30; i++) {
      const r = await platform.seed.resident({ community: COMMUNITY_A2 });
      await platform.drainEvents();
      if (i % 2 === 0) ok(await record(r.id, 'AWAY', `away ${i}`));
    }
    const PAGE = `query($first: Int) { residents(filter: { regionCode: "${COMMUNITY_A2}" }, first: $first) { edges { node {
      id outreach { outcome note } outreachHistory(first: 2) { outcome } } } } }`;
    const count = async (first: number) => {
      const { result, statements } = await platform.test.countStatements(() => platform.data(PAGE, { first }));
      expect(result.residents.edges).toHaveLength(first);
      return statements.length;
    };
    await count(1); // reads the present snapshot the search pages come from
    const thirty = await count(30);
    expect(thirty).toBe(await count(5));
    // The page (population: the region, the snapshot's freshness check and the records), health's scope check of the
    // Resident references (one for the page), and one each for outreach and outreachHistory.
    expect(thirty).toBeLessThanOrEqual(6);
  });
});
