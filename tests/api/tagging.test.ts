/**
 * tagResident and untagResident through the gateway: who, when and why are
 * kept; both are idempotent; the specialCare index follows the tags in time.
 */
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { residentTags } from '../../subgraphs/population/db.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B2, TOWN_B } from '../support/builders.js';
import { expectError, ok } from '../support/assertions.js';
import { startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const FIELDS = `id tags { code category } tagHistory { tag { code } taggedAt taggedBy reason untaggedAt untaggedBy untagReason }`;
const TAG = `mutation($id: ID!, $code: String!, $reason: String!) { tagResident(residentId: $id, tagCode: $code, reason: $reason) { ${FIELDS} } }`;
const UNTAG = `mutation($id: ID!, $code: String!, $reason: String!) { untagResident(residentId: $id, tagCode: $code, reason: $reason) { ${FIELDS} } }`;
const RESIDENT = `query($id: ID!) { resident(id: $id) { ${FIELDS} } }`;
const SPECIAL_CARE = `query($code: ID!, $asOf: DateTime) { region(code: $code) { population(asOf: $asOf) { residents specialCare } } }`;
const WITH_TAG = `query($code: String!) { residents(filter: { tagsAll: [$code] }, first: 500) { edges { node { id } } } }`;

const tag = (id: number | string, code: string, reason: string) => platform.gql(TAG, { id: String(id), code, reason });
const untag = (id: number | string, code: string, reason: string) => platform.gql(UNTAG, { id: String(id), code, reason });

async function tagRows(residentId?: number) {
  const db = platform.test.database.db;
  return db
    .select()
    .from(residentTags)
    .where(residentId === undefined ? undefined : eq(residentTags.residentId, residentId))
    .orderBy(asc(residentTags.id));
}

/** A refused (un)tagging leaves resident_tags exactly as it was. */
async function expectRefused(run: () => Promise<GraphQLResponse>, code: string, field?: string) {
  const before = await tagRows();
  expectError(await run(), code, { field });
  expect(await tagRows()).toEqual(before);
}

async function specialCare(code: string, asOf?: Date): Promise<{ residents: number; specialCare: number }> {
  return (await platform.data(SPECIAL_CARE, { code, asOf: asOf?.toISOString() })).region.population;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tagResident', () => {
  test('records who tagged, when and why', async () => {
    const r = await platform.seed.resident();
    const start = Date.now();
    const { tagResident: resident } = ok(await tag(r.id, 'BEDRIDDEN', '  Cannot leave home since a stroke in March. '));
    const end = Date.now();

    expect(resident.tags).toEqual([{ code: 'BEDRIDDEN', category: 'SPECIAL_CARE' }]);
    expect(resident.tagHistory).toHaveLength(1);
    const [assignment] = resident.tagHistory;
    expect(assignment).toMatchObject({
      tag: { code: 'BEDRIDDEN' },
      taggedBy: 'test-admin',
      reason: 'Cannot leave home since a stroke in March.',
      untaggedAt: null,
      untaggedBy: null,
      untagReason: null,
    });
    expect(Date.parse(assignment.taggedAt)).toBeGreaterThanOrEqual(start - 1000);
    expect(Date.parse(assignment.taggedAt)).toBeLessThanOrEqual(end + 1000);

    // The same through a plain read, and stored as one active row.
    expect((await platform.data(RESIDENT, { id: String(r.id) })).resident).toEqual(resident);
    const rows = await tagRows(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tagCode: 'BEDRIDDEN', taggedBy: 'test-admin', untaggedAt: null });
    expect((await platform.data(WITH_TAG, { code: 'BEDRIDDEN' })).residents.edges).toContainEqual({ node: { id: String(r.id) } });
  });

  test('tags are listed newest first, with the builder-made ones', async () => {
    const r = await platform.seed.resident({ tags: ['DISABLED'] });
    await pause(2);
    ok(await tag(r.id, 'KEY_INDUSTRY_WORKER', 'Cold-chain warehouse staff'));
    const { resident } = await platform.data(RESIDENT, { id: String(r.id) });
    expect(resident.tags.map((t: { code: string }) => t.code)).toEqual(['KEY_INDUSTRY_WORKER', 'DISABLED']);
    expect(resident.tagHistory.map((a: { taggedBy: string }) => a.taggedBy)).toEqual(['test-admin', 'test-builder']);
  });

  test('tagging twice is a no-op: one active tagging, the first who/when/why kept', async () => {
    const r = await platform.seed.resident();
    const { tagResident: first } = ok(await tag(r.id, 'DIALYSIS', 'Dialysis three times a week'));
    await pause(5);
    const { tagResident: second } = ok(await tag(r.id, 'DIALYSIS', 'Entered again by a colleague'));
    expect(second).toEqual(first);
    const rows = await tagRows(r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reason).toBe('Dialysis three times a week');
  });

  test('concurrent taggings of one tag leave one active tagging', async () => {
    const r = await platform.seed.resident();
    const responses = await Promise.all([1, 2, 3, 4].map((n) => tag(r.id, 'PREGNANT', `Prenatal care, entry ${n}`)));
    for (const response of responses) expect(response.errors).toBeUndefined();
    const db = platform.test.database.db;
    const [active] = await db
      .select({ n: count() })
      .from(residentTags)
      .where(and(eq(residentTags.residentId, r.id), eq(residentTags.tagCode, 'PREGNANT'), isNull(residentTags.untaggedAt)));
    expect(active!.n).toBe(1);
  });

  test('a tag can be put on again after it was taken off: a new tagging in the history', async () => {
    const r = await platform.seed.resident();
    ok(await tag(r.id, 'RETURNED_FROM_RISK_AREA', 'Back from a medium-risk area'));
    await pause(2);
    ok(await untag(r.id, 'RETURNED_FROM_RISK_AREA', 'Follow-up finished'));
    await pause(2);
    const { tagResident: resident } = ok(await tag(r.id, 'RETURNED_FROM_RISK_AREA', 'Back again'));
    expect(resident.tags.map((t: { code: string }) => t.code)).toEqual(['RETURNED_FROM_RISK_AREA']);
    expect(resident.tagHistory.map((a: { reason: string; untagReason: string | null }) => [a.reason, a.untagReason])).toEqual([
      ['Back again', null],
      ['Back from a medium-risk area', 'Follow-up finished'],
    ]);
  });

  test('an unknown tag code is BAD_USER_INPUT naming tagCode', async () => {
    const r = await platform.seed.resident();
    await expectRefused(() => tag(r.id, 'VIP', 'Because'), 'BAD_USER_INPUT', 'tagCode');
    await expectRefused(() => tag(r.id, 'bedridden', 'Codes are exact'), 'BAD_USER_INPUT', 'tagCode');
  });

  test.each(['', '   ', 'x'.repeat(501)])('a reason of %j is BAD_USER_INPUT naming reason', async (reason) => {
    const r = await platform.seed.resident();
    await expectRefused(() => tag(r.id, 'BEDRIDDEN', reason), 'BAD_USER_INPUT', 'reason');
  });

  test('an unknown resident is NOT_FOUND; a malformed ID BAD_USER_INPUT naming residentId', async () => {
    await expectRefused(() => tag(987654321, 'BEDRIDDEN', 'Nobody'), 'NOT_FOUND');
    await expectRefused(() => tag('resident-1', 'BEDRIDDEN', 'Nobody'), 'BAD_USER_INPUT', 'residentId');
  });

  test('a moved-out resident is a CONFLICT', async () => {
    const r = await platform.seed.resident({ movedOutAt: new Date('2022-01-01T00:00:00Z') });
    await expectRefused(() => tag(r.id, 'BEDRIDDEN', 'Too late'), 'CONFLICT');
  });
});

describe('untagResident', () => {
  test('records who untagged, when and why, and removes the tag from tags', async () => {
    const r = await platform.seed.resident();
    const { tagResident: tagged } = ok(await tag(r.id, 'ELDERLY_LIVING_ALONE', 'Lives alone since 2019'));
    await pause(2);
    const start = Date.now();
    const { untagResident: resident } = ok(await untag(r.id, 'ELDERLY_LIVING_ALONE', ' Daughter moved in. '));
    const end = Date.now();

    expect(resident.tags).toEqual([]);
    expect(resident.tagHistory).toHaveLength(1);
    const [assignment] = resident.tagHistory;
    expect(assignment).toMatchObject({
      tag: { code: 'ELDERLY_LIVING_ALONE' },
      taggedAt: tagged.tagHistory[0].taggedAt,
      taggedBy: 'test-admin',
      reason: 'Lives alone since 2019',
      untaggedBy: 'test-admin',
      untagReason: 'Daughter moved in.',
    });
    expect(Date.parse(assignment.untaggedAt)).toBeGreaterThanOrEqual(start - 1000);
    expect(Date.parse(assignment.untaggedAt)).toBeLessThanOrEqual(end + 1000);
    expect(Date.parse(assignment.untaggedAt)).toBeGreaterThanOrEqual(Date.parse(assignment.taggedAt));
    expect((await platform.data(WITH_TAG, { code: 'ELDERLY_LIVING_ALONE' })).residents.edges).not.toContainEqual({ node: { id: String(r.id) } });
  });

  test('untagging a tag the resident lacks changes nothing', async () => {
    const r = await platform.seed.resident({ tags: ['DISABLED'] });
    const before = await tagRows(r.id);
    const { untagResident: resident } = ok(await untag(r.id, 'BEDRIDDEN', 'Was never bedridden'));
    expect(resident.tags.map((t: { code: string }) => t.code)).toEqual(['DISABLED']);
    expect(await tagRows(r.id)).toEqual(before);
  });

  test('untagging twice changes nothing the second time', async () => {
    const r = await platform.seed.resident();
    ok(await tag(r.id, 'PREGNANT', 'Due in June'));
    ok(await untag(r.id, 'PREGNANT', 'Gave birth'));
    const before = await tagRows(r.id);
    await pause(2);
    ok(await untag(r.id, 'PREGNANT', 'Entered again'));
    expect(await tagRows(r.id)).toEqual(before);
  });

  test('refusals: unknown tag, empty reason, unknown resident, moved-out resident', async () => {
    const current = await platform.seed.resident({ tags: ['BEDRIDDEN'] });
    const gone = await platform.seed.resident({ tags: ['BEDRIDDEN'], movedOutAt: new Date('2022-01-01T00:00:00Z') });
    await expectRefused(() => untag(current.id, 'VIP', 'Because'), 'BAD_USER_INPUT', 'tagCode');
    await expectRefused(() => untag(current.id, 'BEDRIDDEN', ' '), 'BAD_USER_INPUT', 'reason');
    await expectRefused(() => untag(987654321, 'BEDRIDDEN', 'Nobody'), 'NOT_FOUND');
    await expectRefused(() => untag(gone.id, 'BEDRIDDEN', 'Too late'), 'CONFLICT');
  });
});

describe('the specialCare index follows tagging in time', () => {
  test('counts the resident after tagging and not after untagging; past instants keep their answer', async () => {
    const r = await platform.seed.resident({ community: COMMUNITY_B2 });
    // Tags outside SPECIAL_CARE do not count.
    ok(await tag(r.id, 'KEY_INDUSTRY_WORKER', 'Logistics'));
    const beforeTagging = new Date();
    await pause(5);
    const initial = await specialCare(COMMUNITY_B2);
    const townInitial = await specialCare(TOWN_B);

    ok(await tag(r.id, 'BEDRIDDEN', 'Bedridden after surgery'));
    await pause(5);
    const whileTagged = new Date();
    await pause(5);
    expect(await specialCare(COMMUNITY_B2)).toEqual({ ...initial, specialCare: initial.specialCare + 1 });
    expect(await specialCare(TOWN_B)).toEqual({ ...townInitial, specialCare: townInitial.specialCare + 1 });

    // A second SPECIAL_CARE tag: still one resident.
    ok(await tag(r.id, 'DISABLED', 'Holds a disability certificate'));
    expect((await specialCare(COMMUNITY_B2)).specialCare).toBe(initial.specialCare + 1);
    ok(await untag(r.id, 'DISABLED', 'Certificate expired'));
    expect((await specialCare(COMMUNITY_B2)).specialCare).toBe(initial.specialCare + 1);

    ok(await untag(r.id, 'BEDRIDDEN', 'Recovered'));
    expect(await specialCare(COMMUNITY_B2)).toEqual(initial);
    expect(await specialCare(TOWN_B)).toEqual(townInitial);

    // The past does not change: before tagging not counted, while tagged counted.
    expect((await specialCare(COMMUNITY_B2, beforeTagging)).specialCare).toBe(initial.specialCare);
    expect((await specialCare(COMMUNITY_B2, whileTagged)).specialCare).toBe(initial.specialCare + 1);
  });

  test('a moved-out resident with an active tag is not counted', async () => {
    const before = await specialCare(COMMUNITY_A2);
    await platform.seed.resident({ community: COMMUNITY_A2, tags: ['DIALYSIS'], movedOutAt: new Date('2022-01-01T00:00:00Z') });
    const current = await platform.seed.resident({ community: COMMUNITY_A2, tags: ['DIALYSIS'] });
    expect(await specialCare(COMMUNITY_A2)).toEqual({ residents: before.residents + 1, specialCare: before.specialCare + 1 });
    expect(current.id).toBeGreaterThan(0);
  });

  test('tagging in one community does not count in another', async () => {
    const other = await specialCare(COMMUNITY_A1);
    const r = await platform.seed.resident({ community: COMMUNITY_B2 });
    ok(await tag(r.id, 'PREGNANT', 'Due in May'));
    expect(await specialCare(COMMUNITY_A1)).toEqual(other);
  });
});
