/**
 * Exemptions from routine testing: recorded here (source RECORD) or from the
 * EXEMPT_FROM_TESTING tag (source TAG), listed on the resident, ended by
 * endExemption (RECORD only). exemptAt, the one SQL definition of "exempt at
 * T", is checked at its boundaries in tests/sql/exempt-at.test.ts.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exemptions } from '../../subgraphs/health/db.js';
import type { ResidentSpec } from '../support/builders.js';
import { DAY, HOUR, plus, residentKnownToHealth } from '../support/health-builders.js';
import { expectError, ok } from '../support/assertions.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const EXEMPTION = 'id source reason startsAt endsAt recordedBy active';
const RECORD = `mutation($residentId: ID!, $reason: String!, $from: DateTime, $until: DateTime) {
  recordExemption(residentId: $residentId, reason: $reason, from: $from, until: $until) { ${EXEMPTION} }
}`;
const END = `mutation($id: ID!, $at: DateTime) { endExemption(id: $id, at: $at) { ${EXEMPTION} } }`;
const RESIDENT = `query($id: ID!) { resident(id: $id) { exemptFromTesting exemptions { ${EXEMPTION} } } }`;

const recordExemption = (residentId: number | string, reason: string, from?: Date, until?: Date) =>
  platform.gql(RECORD, { residentId: String(residentId), reason, from: from?.toISOString(), until: until?.toISOString() });
const endExemption = (id: string, at?: Date) => platform.gql(END, { id, at: at?.toISOString() });
const read = async (id: number) => (await platform.data(RESIDENT, { id: String(id) })).resident;

async function stored(residentId?: number) {
  return platform.test.database.db
    .select()
    .from(exemptions)
    .where(residentId === undefined ? undefined : eq(exemptions.residentId, residentId))
    .orderBy(asc(exemptions.id));
}

const resident = (spec?: ResidentSpec) => residentKnownToHealth(platform, spec);

describe('recordExemption', () => {
  test('from now, open-ended by default: listed with source RECORD, exempt now', async () => {
    const r = await resident();
    const before = Date.now();
    const { recordExemption: e } = ok(await recordExemption(r.id, '  Bedridden after a stroke; GP certificate. '));
    expect(e).toMatchObject({ source: 'RECORD', reason: 'Bedridden after a stroke; GP certificate.', endsAt: null, recordedBy: 'test-admin', active: true });
    expect(Date.parse(e.startsAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(e.startsAt)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await read(r.id)).toEqual({ exemptFromTesting: true, exemptions: [e] });
    expect(await stored(r.id)).toMatchObject([{ source: 'RECORD', endsAt: null }]);
  });

  test('a period in the past is listed but does not exempt now; one starting later does not exempt yet', async () => {
    const r = await resident();
    const now = Date.now();
    const past = ok(await recordExemption(r.id, 'Hospitalised', new Date(now - 10 * DAY), new Date(now - 3 * DAY))).recordExemption;
    const later = ok(await recordExemption(r.id, 'Surgery next week', new Date(now + 5 * DAY))).recordExemption;
    expect(past.active).toBe(false);
    expect(later.active).toBe(false);
    const { exemptFromTesting, exemptions: list } = await read(r.id);
    expect(exemptFromTesting).toBe(false);
    expect(list.map((e: { id: string }) => e.id)).toEqual([later.id, past.id]); // newest start first
  });

  test('refuses until ≤ from, a blank reason, unknown and moved-out residents, storing nothing', async () => {
    const r = await resident();
    const from = new Date('2026-01-10T00:00:00Z');
    const before = await stored();
    expectError(await recordExemption(r.id, 'x', from, from), 'BAD_USER_INPUT', { field: 'until' });
    expectError(await recordExemption(r.id, 'x', from, plus(from, -1)), 'BAD_USER_INPUT', { field: 'until' });
    expectError(await recordExemption(r.id, '   '), 'BAD_USER_INPUT', { field: 'reason' });
    expectError(await recordExemption(r.id, 'x'.repeat(501)), 'BAD_USER_INPUT', { field: 'reason' });
    expectError(await recordExemption(987654321, 'x'), 'NOT_FOUND');
    const gone = await resident({ movedOutAt: new Date('2024-01-01T00:00:00Z') });
    expectError(await recordExemption(gone.id, 'x'), 'CONFLICT');
    expect(await stored()).toEqual(before);
  });
});

describe('tag exemptions', () => {
  test('the EXEMPT_FROM_TESTING tag is an exemption with source TAG, ended by untagging, not by endExemption', async () => {
    const taggedAt = new Date('2025-05-01T02:00:00Z');
    const r = await resident({ tags: [{ code: 'EXEMPT_FROM_TESTING', at: taggedAt }] });
    const { exemptFromTesting, exemptions: list } = await read(r.id);
    expect(exemptFromTesting).toBe(true);
    expect(list).toEqual([
      expect.objectContaining({ source: 'TAG', startsAt: taggedAt.toISOString(), endsAt: null, recordedBy: 'population', active: true }),
    ]);
    expectError(await endExemption(list[0].id), 'CONFLICT');
    expect((await stored(r.id))[0]!.endsAt).toBeNull();

    // Untagged in population: the event ends it.
    const untagged = await platform.gql(
      `mutation($id: ID!) { untagResident(residentId: $id, tagCode: "EXEMPT_FROM_TESTING", reason: "Recovered") { id } }`,
      { id: String(r.id) },
    );
    expect(untagged.errors).toBeUndefined();
    await platform.drainEvents();
    const after = await read(r.id);
    expect(after.exemptFromTesting).toBe(false);
    expect(after.exemptions[0]).toMatchObject({ source: 'TAG', active: false });
  });
});

describe('endExemption', () => {
  test('ends a recorded exemption now: no longer exempt; ending it again is a CONFLICT', async () => {
    const r = await resident();
    const e = ok(await recordExemption(r.id, 'Temporary', new Date(Date.now() - DAY))).recordExemption;
    const before = Date.now();
    const ended = ok(await endExemption(e.id)).endExemption;
    expect(ended).toMatchObject({ id: e.id, active: false });
    expect(Date.parse(ended.endsAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await read(r.id)).toMatchObject({ exemptFromTesting: false, exemptions: [ended] });
    expectError(await endExemption(e.id), 'CONFLICT');
  });

  test('an end in the future shortens the planned period and keeps it active until then', async () => {
    const r = await resident();
    const now = Date.now();
    const e = ok(await recordExemption(r.id, 'Until the cast is off', new Date(now - DAY), new Date(now + 30 * DAY))).recordExemption;
    const at = new Date(now + 2 * DAY);
    const ended = ok(await endExemption(e.id, at)).endExemption;
    expect(ended).toMatchObject({ endsAt: at.toISOString(), active: true });
    expect((await read(r.id)).exemptFromTesting).toBe(true);
  });

  test('refuses an end at or before the start, one that would extend it, and unknown IDs', async () => {
    const r = await resident();
    const from = new Date(Date.now() - 5 * DAY);
    const until = new Date(Date.now() + 5 * DAY);
    const e = ok(await recordExemption(r.id, 'Bounded', from, until)).recordExemption;
    expectError(await endExemption(e.id, from), 'BAD_USER_INPUT', { field: 'at' });
    expectError(await endExemption(e.id, plus(from, -HOUR)), 'BAD_USER_INPUT', { field: 'at' });
    expectError(await endExemption(e.id, until), 'BAD_USER_INPUT', { field: 'at' });
    expectError(await endExemption(e.id, plus(until, DAY)), 'BAD_USER_INPUT', { field: 'at' });
    expectError(await endExemption('987654321'), 'NOT_FOUND');
    expectError(await endExemption('x1'), 'BAD_USER_INPUT', { field: 'id' });
    expect((await stored(r.id))[0]!.endsAt).toEqual(until);
  });
});
