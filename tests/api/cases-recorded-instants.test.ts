/**
 * Administrative case facts hold from the instant they are recorded
 * (domain.md "Time"): a case reported by hand with an earlier reportedAt, or
 * a quarantine with an earlier start, shows the stated instant but changes
 * no index before its recording, so yesterday's numbers stay. A death closes
 * the resident's residency (population's move-out, which cases' projection
 * follows) while the case still counts in the case indexes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, DISTRICT } from '../support/builders.js';
import { startCasesPlatform } from '../support/cases-builders.js';
import { DAY, HOUR, plus, residentKnownToHealth } from '../support/health-builders.js';
import { errorOf, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  ({ platform } = await startCasesPlatform());
});
afterAll(() => platform?.stop());

const REPORT = `mutation($input: ReportCaseInput!) { reportCase(input: $input) { id reportedAt statedReportedAt communityCode } }`;
const ADD = `mutation($input: AddCloseContactInput!) {
  addCloseContact(input: $input) { id quarantineStartsAt statedQuarantineStartsAt quarantineEndsAt inQuarantine }
}`;
const INDEXES = `query($code: ID!, $asOf: DateTime) { region(code: $code) { cases(asOf: $asOf) { newToday active closeContactsInQuarantine } } }`;
const NEW_TODAY = `query($code: ID!) { region(code: $code) { cases { newToday people(index: NEW_TODAY) { totalCount edges { node { id } } } } } }`;

const indexesAt = async (asOf: Date | null) => (await platform.data(INDEXES, { code: DISTRICT, asOf: asOf?.toISOString() ?? null })).region.cases;
const resident = (community = COMMUNITY_A1) => residentKnownToHealth(platform, { community });
const today = () => new Date().toISOString().slice(0, 10);

describe('facts hold from their recording', () => {
  test('a back-dated case report shows the stated instant and leaves yesterday\'s case indexes unchanged', async () => {
    const r = await resident();
    const yesterday = new Date(Date.now() - DAY);
    const before = await indexesAt(yesterday);
    const stated = new Date(Date.now() - 2 * DAY);
    const recordedFrom = Date.now();
    const opened = (await platform.data(REPORT, { input: { residentId: String(r.id), classification: 'MILD', reportedAt: stated.toISOString() } })).reportCase;
    expect(opened.statedReportedAt).toBe(stated.toISOString());
    expect(new Date(opened.reportedAt).getTime()).toBeGreaterThanOrEqual(recordedFrom);

    expect(await indexesAt(yesterday)).toEqual(before);
    expect(await indexesAt(plus(new Date(opened.reportedAt), -1))).toEqual(before);
    const now = await indexesAt(null);
    expect(now.active).toBe(before.active + 1);
    expect(now.newToday).toBeGreaterThanOrEqual(1);
  });

  test('a back-dated quarantine start is shown and sets the planned end, but the quarantine holds from its recording', async () => {
    const source = await resident();
    const caseId = (await platform.data(REPORT, { input: { residentId: String(source.id), classification: 'MILD' } })).reportCase.id;
    const contact = await resident(COMMUNITY_A2);
    const yesterday = new Date(Date.now() - DAY);
    const before = await indexesAt(yesterday);
    const stated = new Date(Date.now() - 2 * DAY);
    const recordedFrom = Date.now();
    const added = (await platform.data(ADD, { input: { caseId, residentId: String(contact.id), exposureDate: today(), quarantineStartsAt: stated.toISOString(), quarantineDays: 7 } }))
      .addCloseContact;
    expect(added.statedQuarantineStartsAt).toBe(stated.toISOString());
    expect(new Date(added.quarantineStartsAt).getTime()).toBeGreaterThanOrEqual(recordedFrom);
    expect(added.quarantineEndsAt).toBe(plus(stated, 7 * DAY).toISOString());
    expect(added.inQuarantine).toBe(true);

    expect(await indexesAt(yesterday)).toEqual(before);
    expect((await indexesAt(null)).closeContactsInQuarantine).toBe(before.closeContactsInQuarantine + 1);
  });

  test('a quarantine whose planned end from the stated start has passed is refused, naming the field', async () => {
    const source = await resident();
    const caseId = (await platform.data(REPORT, { input: { residentId: String(source.id), classification: 'MILD' } })).reportCase.id;
    const contact = await resident();
    const over = await platform.gql(ADD, {
      input: { caseId, residentId: String(contact.id), exposureDate: today(), quarantineStartsAt: new Date(Date.now() - 3 * DAY).toISOString(), quarantineDays: 2 },
    });
    expect(errorOf(over)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.quarantineDays' });
    const ended = await platform.gql(ADD, {
      input: { caseId, residentId: String(contact.id), exposureDate: today(), quarantineStartsAt: new Date(Date.now() - 3 * DAY).toISOString(), quarantineEndsAt: new Date(Date.now() - HOUR).toISOString() },
    });
    expect(errorOf(ended)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.quarantineEndsAt' });
  });
});

describe('death', () => {
  test('the case still counts and is listed after population records the death as a move-out, which cases follows', async () => {
    const r = await resident();
    const caseId = (await platform.data(REPORT, { input: { residentId: String(r.id), classification: 'CRITICAL' } })).reportCase.id;
    await platform.data(`mutation($id: ID!) { recordDeath(id: $id, note: "Died in hospital") { id status } }`, { id: caseId });
    // What population does on case.closed with status DECEASED: a move-out at the death.
    await platform.data(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: String(r.id) });
    await platform.drainEvents();

    const listed = (await platform.data(NEW_TODAY, { code: DISTRICT })).region.cases;
    expect(listed.people.totalCount).toBe(listed.newToday);
    expect(listed.people.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(String(r.id));
    // Cases' projection knows they no longer live in the district.
    const again = await platform.gql(REPORT, { input: { residentId: String(r.id), classification: 'MILD' } });
    expect(errorOf(again)).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('moved out') });
  });
});
