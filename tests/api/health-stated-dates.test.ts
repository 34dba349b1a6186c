/**
 * Administrative facts hold from the instant they are recorded (domain.md,
 * "Time"): a back-dated exemption or home observation shows its stated date
 * (statedFrom / statedUntil) but leaves yesterday's indexes, lists and
 * codes as they were. And a resident who leaves the district (a move-out,
 * which is also how a death is recorded) leaves every health list and the
 * call list from that instant.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ok } from '../support/assertions.js';
import { COMMUNITY_A1 } from '../support/builders.js';
import { healthListsOf, listedIds } from '../support/health-index-lists.js';
import { DAY, HOUR, residentKnownToHealth, startHealthPlatform } from '../support/health-builders.js';
import type { TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  ({ platform } = await startHealthPlatform());
});
afterAll(() => platform?.stop());

const CODE = `query($id: ID!, $asOf: DateTime) { resident(id: $id) { exemptFromTesting healthCode(asOf: $asOf) { color reasons { code } } } }`;
const EXEMPTION = 'id startsAt endsAt statedFrom statedUntil active';

describe('a back-dated exemption', () => {
  test('shows its stated start, holds from when it was recorded: yesterday\'s indexes, UNTESTED_72H list and code stay as they were', async () => {
    const r = await residentKnownToHealth(platform); // never sampled: untested, YELLOW
    const yesterday = new Date(Date.now() - DAY);
    const before = { lists: await healthListsOf(platform, COMMUNITY_A1, yesterday), code: await platform.data(CODE, { id: String(r.id), asOf: yesterday.toISOString() }) };
    expect(listedIds(before.lists.UNTESTED_72H)).toContain(r.id);

    const from = new Date(Date.now() - 3 * DAY);
    const recordedAt = Date.now();
    const { recordExemption: e } = ok(
      await platform.gql(`mutation($id: ID!, $from: DateTime) { recordExemption(residentId: $id, reason: "Bedridden; certificate dated earlier", from: $from) { ${EXEMPTION} } }`, {
        id: String(r.id),
        from: from.toISOString(),
      }),
    );
    expect(e).toMatchObject({ statedFrom: from.toISOString(), statedUntil: null, endsAt: null, active: true });
    expect(Date.parse(e.startsAt)).toBeGreaterThanOrEqual(recordedAt - 1000);

    expect(await healthListsOf(platform, COMMUNITY_A1, yesterday)).toEqual(before.lists);
    expect((await platform.data(CODE, { id: String(r.id), asOf: yesterday.toISOString() })).resident.healthCode).toEqual(before.code.resident.healthCode);
    expect(before.code.resident.healthCode).toEqual({ color: 'YELLOW', reasons: [{ code: 'NO_RECENT_TEST' }] });

    // Now it holds.
    const now = await healthListsOf(platform, COMMUNITY_A1, null);
    expect(listedIds(now.EXEMPT)).toContain(r.id);
    expect(listedIds(now.UNTESTED_72H)).not.toContain(r.id);
    expect((await platform.data(CODE, { id: String(r.id) })).resident).toEqual({ exemptFromTesting: true, healthCode: { color: 'GREEN', reasons: [] } });

    // Ended with an earlier stated end: shown, but it stopped holding only now.
    const statedEnd = new Date(Date.now() - 2 * DAY);
    const endedAt = Date.now();
    const { endExemption: ended } = ok(await platform.gql(`mutation($id: ID!, $at: DateTime) { endExemption(id: $id, at: $at) { ${EXEMPTION} } }`, { id: e.id, at: statedEnd.toISOString() }));
    expect(ended).toMatchObject({ statedFrom: from.toISOString(), statedUntil: statedEnd.toISOString(), active: false });
    expect(Date.parse(ended.endsAt)).toBeGreaterThanOrEqual(endedAt - 1000);
    // Between recording and ending it held.
    const between = new Date((Date.parse(e.startsAt) + Date.parse(ended.endsAt)) / 2);
    expect(listedIds((await healthListsOf(platform, COMMUNITY_A1, between)).EXEMPT)).toContain(r.id);
    expect(await healthListsOf(platform, COMMUNITY_A1, yesterday)).toEqual(before.lists);
  });
});

describe('a back-dated home observation', () => {
  test('shows its stated start, counts from when it was recorded; its planned end counts from the stated start', async () => {
    const r = await residentKnownToHealth(platform);
    const yesterday = new Date(Date.now() - DAY);
    const before = await healthListsOf(platform, COMMUNITY_A1, yesterday);
    const startedAt = new Date(Date.now() - 2 * DAY);
    const { startHomeObservation: o } = ok(
      await platform.gql(
        `mutation($id: ID!, $at: DateTime) { startHomeObservation(residentId: $id, reason: "Returned from a risk area", startedAt: $at, days: 7) { startedAt plannedEndAt statedFrom active } }`,
        { id: String(r.id), at: startedAt.toISOString() },
      ),
    );
    expect(o).toMatchObject({ statedFrom: startedAt.toISOString(), plannedEndAt: new Date(startedAt.getTime() + 7 * DAY).toISOString(), active: true });
    expect(Date.parse(o.startedAt)).toBeGreaterThan(Date.now() - HOUR);
    expect(await healthListsOf(platform, COMMUNITY_A1, yesterday)).toEqual(before);
    expect(listedIds((await healthListsOf(platform, COMMUNITY_A1, null)).HOME_OBSERVATION_ACTIVE)).toContain(r.id);
  });
});

describe('leaving the district', () => {
  test('a resident who moves out (or dies) leaves every health list and the call list from that instant, not before', async () => {
    const r = await residentKnownToHealth(platform);
    const CALL_LIST = `query($code: ID!) { region(code: $code) { untestedResidents(withinHours: 72, first: 500) { totalCount edges { node { id } } } } }`;
    const callList = async () => (await platform.data(CALL_LIST, { code: COMMUNITY_A1 })).region.untestedResidents;
    expect((await callList()).edges.map((edge: { node: { id: string } }) => Number(edge.node.id))).toContain(r.id);
    const lived = await healthListsOf(platform, COMMUNITY_A1, null);
    expect(listedIds(lived.UNTESTED_72H)).toContain(r.id);
    expect(listedIds(lived.YELLOW)).toContain(r.id);

    ok(await platform.gql(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: String(r.id) }));
    const movedOutAt = new Date();
    await platform.drainEvents();

    const now = await healthListsOf(platform, COMMUNITY_A1, null);
    for (const [index, list] of Object.entries(now)) if (list && typeof list === 'object' && 'edges' in list) expect(listedIds(list), index).not.toContain(r.id);
    expect(now.healthCodes.green + now.healthCodes.yellow + now.healthCodes.red).toBe(lived.healthCodes.green + lived.healthCodes.yellow + lived.healthCodes.red - 1);
    const calls = await callList();
    expect(calls.edges.map((edge: { node: { id: string } }) => Number(edge.node.id))).not.toContain(r.id);
    expect(calls.totalCount).toBe(calls.edges.length);
    // Before leaving they still count.
    expect(listedIds((await healthListsOf(platform, COMMUNITY_A1, new Date(movedOutAt.getTime() - 5000))).UNTESTED_72H)).toContain(r.id);
  });
});
