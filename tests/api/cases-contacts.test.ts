/**
 * Close contacts: quarantined (RED with CLOSE_CONTACT in health), released
 * early, converted to a case (also when the contact's positive result opens
 * the case by itself); PositiveCase.closeContacts and Resident.closeContactOf.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1 } from '../support/builders.js';
import { startCasesPlatform, type CasesBuilders } from '../support/cases-builders.js';
import { DAY, HOUR, plus, residentKnownToHealth } from '../support/health-builders.js';
import { errorOf, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let cases: CasesBuilders;
beforeAll(async () => {
  ({ platform, cases } = await startCasesPlatform());
});
afterAll(() => platform?.stop());

const ADD = `mutation($input: AddCloseContactInput!) {
  addCloseContact(input: $input) { id status exposureDate quarantineStartsAt quarantineEndsAt endedAt inQuarantine caseId resident { id } case { id } }
}`;
const RELEASE = `mutation($id: ID!, $note: String) { releaseCloseContact(id: $id, note: $note) { id status endedAt inQuarantine } }`;
const CONVERT = `mutation($id: ID!, $input: ConvertCloseContactInput!) {
  convertCloseContactToCase(id: $id, input: $input) { contact { id status convertedCaseId inQuarantine } case { id status classification resident { id } } }
}`;
const CODE = `query($id: ID!) { resident(id: $id) { healthCode { color reasons { code } } closeContactOf { id status caseId } } }`;

const resident = () => residentKnownToHealth(platform, { community: COMMUNITY_A1 });

async function caseOf(residentId: number): Promise<string> {
  return (await platform.data(`mutation($input: ReportCaseInput!) { reportCase(input: $input) { id } }`, { input: { residentId: String(residentId), classification: 'MILD' } }))
    .reportCase.id;
}

const today = () => new Date().toISOString().slice(0, 10);
const reasons = (code: { reasons: { code: string }[] }) => code.reasons.map((r) => r.code);

describe('addCloseContact', () => {
  test('quarantines for 14 days by default; health reads the contact RED with CLOSE_CONTACT; refusals', async () => {
    const source = await resident();
    const contact = await resident();
    const caseId = await caseOf(source.id);
    const added = (await platform.data(ADD, { input: { caseId, residentId: String(contact.id), exposureDate: today() } })).addCloseContact;
    expect(added).toMatchObject({ status: 'QUARANTINED', exposureDate: today(), endedAt: null, inQuarantine: true, caseId, resident: { id: String(contact.id) }, case: { id: caseId } });
    expect(new Date(added.quarantineEndsAt).getTime() - new Date(added.quarantineStartsAt).getTime()).toBe(14 * DAY);
    await platform.drainEvents();
    const read = (await platform.data(CODE, { id: String(contact.id) })).resident;
    expect(read.healthCode.color).toBe('RED');
    expect(reasons(read.healthCode)).toContain('CLOSE_CONTACT');
    expect(read.closeContactOf).toEqual([{ id: added.id, status: 'QUARANTINED', caseId }]);

    const twice = await platform.gql(ADD, { input: { caseId, residentId: String(contact.id), exposureDate: today() } });
    expect(errorOf(twice)?.extensions?.code).toBe('CONFLICT');
    const self = await platform.gql(ADD, { input: { caseId, residentId: String(source.id), exposureDate: today() } });
    expect(errorOf(self)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.residentId' });
    const both = await platform.gql(ADD, { input: { caseId, residentId: String((await resident()).id), exposureDate: today(), quarantineDays: 7, quarantineEndsAt: plus(new Date(), DAY).toISOString() } });
    expect(errorOf(both)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.quarantineEndsAt' });
    const future = await platform.gql(ADD, { input: { caseId, residentId: String((await resident()).id), exposureDate: plus(new Date(), 3 * DAY).toISOString().slice(0, 10) } });
    expect(errorOf(future)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.exposureDate' });

    const timeline = await cases.timelineOf(Number(caseId));
    expect(timeline.map((e) => e.type)).toEqual(['REPORTED', 'CONTACT_ADDED']);
    const quarantined = (await cases.casesOutbox()).filter((e) => e.topic === 'contact.quarantined' && (e.payload as { contactId: string }).contactId === added.id);
    expect(quarantined.map((e) => e.payload)).toEqual([{ contactId: added.id, residentId: String(contact.id), from: added.quarantineStartsAt, until: added.quarantineEndsAt }]);
  });

  test('quarantineDays or quarantineEndsAt set the planned end', async () => {
    const caseId = await caseOf((await resident()).id);
    const startsAt = new Date(Date.now() - 2 * HOUR);
    const days = (await platform.data(ADD, { input: { caseId, residentId: String((await resident()).id), exposureDate: today(), quarantineStartsAt: startsAt.toISOString(), quarantineDays: 7 } }))
      .addCloseContact;
    expect(days.quarantineEndsAt).toBe(plus(startsAt, 7 * DAY).toISOString());
    const endsAt = plus(new Date(), 3 * DAY);
    const until = (await platform.data(ADD, { input: { caseId, residentId: String((await resident()).id), exposureDate: today(), quarantineEndsAt: endsAt.toISOString() } })).addCloseContact;
    expect(until.quarantineEndsAt).toBe(endsAt.toISOString());
  });
});

describe('release and conversion', () => {
  test('release ends the quarantine early; health no longer reads CLOSE_CONTACT; a second release is a conflict', async () => {
    const caseId = await caseOf((await resident()).id);
    const contact = await resident();
    const added = (await platform.data(ADD, { input: { caseId, residentId: String(contact.id), exposureDate: today() } })).addCloseContact;
    const released = (await platform.data(RELEASE, { id: added.id, note: 'Negative twice, released by the CDC' })).releaseCloseContact;
    expect(released).toMatchObject({ id: added.id, status: 'RELEASED', endedAt: expect.any(String), inQuarantine: false });
    await platform.drainEvents();
    expect(reasons((await platform.data(CODE, { id: String(contact.id) })).resident.healthCode)).not.toContain('CLOSE_CONTACT');
    expect(errorOf(await platform.gql(RELEASE, { id: added.id }))).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('RELEASED') });
    const timeline = await cases.timelineOf(Number(caseId));
    expect(timeline.at(-1)).toMatchObject({ type: 'CONTACT_RELEASED', note: 'Negative twice, released by the CDC', status: 'REPORTED' });
  });

  test('conversion opens the contact\'s case and ends the quarantine CONVERTED_TO_CASE; health reads ACTIVE_CASE', async () => {
    const caseId = await caseOf((await resident()).id);
    const contact = await resident();
    const added = (await platform.data(ADD, { input: { caseId, residentId: String(contact.id), exposureDate: today() } })).addCloseContact;
    const converted = (await platform.data(CONVERT, { id: added.id, input: { classification: 'ASYMPTOMATIC', note: 'Positive on day 3 of quarantine' } })).convertCloseContactToCase;
    expect(converted).toMatchObject({
      contact: { id: added.id, status: 'CONVERTED_TO_CASE', inQuarantine: false },
      case: { status: 'REPORTED', classification: 'ASYMPTOMATIC', resident: { id: String(contact.id) } },
    });
    expect(converted.contact.convertedCaseId).toBe(converted.case.id);
    await platform.drainEvents();
    const code = (await platform.data(CODE, { id: String(contact.id) })).resident.healthCode;
    expect(code.color).toBe('RED');
    expect(reasons(code)).toContain('ACTIVE_CASE');
    expect(reasons(code)).not.toContain('CLOSE_CONTACT');
    expect((await cases.timelineOf(Number(caseId))).at(-1)!.type).toBe('CONTACT_CONVERTED');
    expect(errorOf(await platform.gql(CONVERT, { id: added.id, input: { classification: 'MILD' } }))?.extensions?.code).toBe('CONFLICT');
  });

  test('a contact reported as a case by other means is converted automatically', async () => {
    const caseId = await caseOf((await resident()).id);
    const contact = await resident();
    const added = (await platform.data(ADD, { input: { caseId, residentId: String(contact.id), exposureDate: today() } })).addCloseContact;
    const own = await caseOf(contact.id);
    const { closeContactOf } = (await platform.data(`query($id: ID!) { resident(id: $id) { closeContactOf { id status convertedCaseId } } }`, { id: String(contact.id) })).resident;
    expect(closeContactOf).toEqual([{ id: added.id, status: 'CONVERTED_TO_CASE', convertedCaseId: own }]);
    const released = (await cases.casesOutbox()).filter((e) => e.topic === 'contact.released' && (e.payload as { contactId: string }).contactId === added.id);
    expect(released).toHaveLength(1);
  });
});
