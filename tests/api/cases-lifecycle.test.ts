/**
 * A case's life through the gateway: reported by hand, transferred, moved,
 * reclassified, discharged or dead; every illegal transition refused with
 * CONFLICT naming the current status; the timeline append-only; and the
 * contract's Cases, TransferCase, DischargeCase and ResidentProfile case parts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, TOWN_A } from '../support/builders.js';
import { startCasesPlatform, type CasesBuilders } from '../support/cases-builders.js';
import { DAY, HOUR, plus, residentKnownToHealth } from '../support/health-builders.js';
import { CasesDocument, DischargeCaseDocument, TransferCaseDocument } from '../generated/graphql.js';
import { errorOf, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let cases: CasesBuilders;
beforeAll(async () => {
  ({ platform, cases } = await startCasesPlatform());
});
afterAll(() => platform?.stop());

const REPORT = `mutation($input: ReportCaseInput!) { reportCase(input: $input) { id status classification reportedAt statedReportedAt communityCode resident { id } } }`;
const DEATH = `mutation($id: ID!, $note: String) { recordDeath(id: $id, note: $note) { id status } }`;
const RECLASSIFY = `mutation($id: ID!, $c: CaseClassification!, $note: String) { reclassifyCase(id: $id, classification: $c, note: $note) { id classification status } }`;
const CASE = `query($id: ID!) { case(id: $id) { id status classification dischargedAt facility { id } timeline { at type actor note status classification facility { id } } } }`;

const resident = (community = COMMUNITY_A1) => residentKnownToHealth(platform, { community });

async function report(residentId: number, extra: Record<string, unknown> = {}) {
  return (await platform.data(REPORT, { input: { residentId: String(residentId), classification: 'MILD', ...extra } })).reportCase;
}

describe('reportCase', () => {
  test('opens a REPORTED case in the community at report, held from when it is recorded, with a REPORTED event by the viewer, and tells health', async () => {
    const r = await resident(COMMUNITY_A2);
    const stated = new Date(Date.now() - 2 * HOUR);
    const before = Date.now();
    const opened = await report(r.id, { reportedAt: stated.toISOString(), note: 'Antigen positive, confirmed at the clinic' });
    expect(opened).toEqual({
      id: expect.any(String),
      status: 'REPORTED',
      classification: 'MILD',
      reportedAt: expect.any(String),
      statedReportedAt: stated.toISOString(),
      communityCode: COMMUNITY_A2,
      resident: { id: String(r.id) },
    });
    // The stated instant is shown, not held from: the case holds from its recording.
    const reportedAt = new Date(opened.reportedAt);
    expect(reportedAt.getTime()).toBeGreaterThanOrEqual(before);
    const { case: c } = await platform.data(CASE, { id: opened.id });
    expect(c.timeline).toEqual([
      { at: reportedAt.toISOString(), type: 'REPORTED', actor: 'test-admin', note: 'Antigen positive, confirmed at the clinic', status: 'REPORTED', classification: 'MILD', facility: null },
    ]);
    const events = (await cases.casesOutbox()).filter((e) => (e.payload as { caseId?: string }).caseId === opened.id);
    expect(events.map((e) => [e.topic, e.payload])).toEqual([['case.activated', { caseId: opened.id, residentId: String(r.id), at: reportedAt.toISOString() }]]);
  });

  test('refuses a second active case, an unknown resident, a future report', async () => {
    const r = await resident();
    await report(r.id);
    expect(errorOf(await platform.gql(REPORT, { input: { residentId: String(r.id), classification: 'MILD' } }))).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('already has an active case'),
    });
    expect(errorOf(await platform.gql(REPORT, { input: { residentId: '999999', classification: 'MILD' } }))?.extensions?.code).toBe('NOT_FOUND');
    const future = await platform.gql(REPORT, { input: { residentId: String(r.id), classification: 'MILD', reportedAt: plus(new Date(), DAY).toISOString() } });
    expect(errorOf(future)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reportedAt' });
  });
});

describe('transitions', () => {
  test('REPORTED → TRANSFERRED → TRANSFERRED (moved) → DISCHARGED, each an event; closed cases refuse everything', async () => {
    const r = await resident();
    const opened = await report(r.id);
    const makeshift = await cases.facility({ name: 'Qingpu Makeshift Hospital 1', capacity: 10 });
    const hospital = await cases.facility({ name: 'Zhongshan Hospital Qingpu Branch', type: 'DESIGNATED_HOSPITAL', capacity: 5 });

    const first = (await platform.data(TransferCaseDocument, { id: opened.id, facilityId: String(makeshift.id) })).transferCase;
    expect(first).toEqual({ id: opened.id, status: 'TRANSFERRED', facility: { id: String(makeshift.id), name: makeshift.name, occupied: 1, capacity: 10 } });
    const again = await platform.gql(TransferCaseDocument, { id: opened.id, facilityId: String(makeshift.id) });
    expect(errorOf(again)).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('TRANSFERRED') });
    const moved = (await platform.data(TransferCaseDocument, { id: opened.id, facilityId: String(hospital.id) })).transferCase;
    expect(moved.facility).toMatchObject({ id: String(hospital.id), occupied: 1 });

    const reclassified = (await platform.data(RECLASSIFY, { id: opened.id, c: 'SEVERE', note: 'Oxygen saturation 92%' })).reclassifyCase;
    expect(reclassified).toEqual({ id: opened.id, classification: 'SEVERE', status: 'TRANSFERRED' });

    const discharged = (await platform.data(DischargeCaseDocument, { id: opened.id })).dischargeCase;
    expect(discharged).toEqual({ id: opened.id, status: 'DISCHARGED', dischargedAt: expect.any(String) });

    const { case: c } = await platform.data(CASE, { id: opened.id });
    expect(c.timeline.map((e: { type: string; status: string; classification: string; facility: { id: string } | null }) => [e.type, e.status, e.classification, e.facility?.id ?? null])).toEqual([
      ['REPORTED', 'REPORTED', 'MILD', null],
      ['TRANSFERRED', 'TRANSFERRED', 'MILD', String(makeshift.id)],
      ['TRANSFERRED', 'TRANSFERRED', 'MILD', String(hospital.id)],
      ['RECLASSIFIED', 'TRANSFERRED', 'SEVERE', String(hospital.id)],
      ['DISCHARGED', 'DISCHARGED', 'SEVERE', String(hospital.id)],
    ]);
    expect(c.timeline.at(-1).at).toBe(discharged.dischargedAt);
    expect(c.dischargedAt).toBe(discharged.dischargedAt);

    for (const [query, variables] of [
      [TransferCaseDocument, { id: opened.id, facilityId: String(makeshift.id) }],
      [DischargeCaseDocument, { id: opened.id }],
      [DEATH, { id: opened.id }],
      [RECLASSIFY, { id: opened.id, c: 'MILD' }],
    ] as const) {
      const error = errorOf(await platform.gql(query, variables));
      expect(error?.extensions?.code).toBe('CONFLICT');
      expect(error?.message).toContain('is DISCHARGED');
    }
    // The hospital bed is free again.
    const occupancy = await platform.data(`{ facilities(type: DESIGNATED_HOSPITAL) { id occupied } }`);
    expect(occupancy.facilities.find((f: { id: string }) => f.id === String(hospital.id)).occupied).toBe(0);
    // Health hears of the discharge: the case closes and home observation starts.
    const topics = (await cases.casesOutbox()).filter((e) => (e.payload as { caseId?: string }).caseId === opened.id).map((e) => e.topic);
    expect(topics).toEqual(['case.activated', 'case.closed', 'case.discharged']);
  });

  test('REPORTED cannot be discharged (transfer first); REPORTED → DECEASED; DECEASED is final', async () => {
    const r = await resident();
    const opened = await report(r.id);
    const refused = errorOf(await platform.gql(DischargeCaseDocument, { id: opened.id }));
    expect(refused).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining(`Case ${opened.id} is REPORTED`) });
    expect((await platform.data(DEATH, { id: opened.id, note: 'Respiratory failure' })).recordDeath).toEqual({ id: opened.id, status: 'DECEASED' });
    const facility = await cases.facility();
    for (const [query, variables] of [
      [TransferCaseDocument, { id: opened.id, facilityId: String(facility.id) }],
      [DischargeCaseDocument, { id: opened.id }],
      [DEATH, { id: opened.id }],
    ] as const) {
      expect(errorOf(await platform.gql(query, variables))).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('is DECEASED') });
    }
    const closed = (await cases.casesOutbox()).filter((e) => e.topic === 'case.closed' && (e.payload as { caseId: string }).caseId === opened.id);
    expect(closed.map((e) => (e.payload as { status: string }).status)).toEqual(['DECEASED']);
  });

  test('TRANSFERRED → DECEASED; reclassifying to the same class is a conflict; unknown IDs are NOT_FOUND', async () => {
    const r = await resident();
    const opened = await report(r.id);
    const facility = await cases.facility({ type: 'HOME_ISOLATION' });
    await platform.data(TransferCaseDocument, { id: opened.id, facilityId: String(facility.id) });
    expect(errorOf(await platform.gql(RECLASSIFY, { id: opened.id, c: 'MILD' }))?.extensions?.code).toBe('CONFLICT');
    expect((await platform.data(DEATH, { id: opened.id })).recordDeath.status).toBe('DECEASED');
    expect(errorOf(await platform.gql(DischargeCaseDocument, { id: '987654' }))?.extensions?.code).toBe('NOT_FOUND');
    expect(errorOf(await platform.gql(TransferCaseDocument, { id: 'x', facilityId: String(facility.id) }))?.extensions?.code).toBe('NOT_FOUND');
    const r2 = await resident();
    const other = await report(r2.id);
    expect(errorOf(await platform.gql(TransferCaseDocument, { id: other.id, facilityId: '987654' }))?.extensions?.code).toBe('NOT_FOUND');
  });

  test('the timeline is append-only: UPDATE and DELETE on cases.case_events fail', async () => {
    const r = await resident();
    const opened = await report(r.id);
    const db = platform.test.database.db;
    await expect(db.execute(sql`update cases.case_events set note = 'edited' where case_id = ${Number(opened.id)}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from cases.case_events where case_id = ${Number(opened.id)}`)).rejects.toThrow();
    expect((await cases.timelineOf(Number(opened.id))).map((e) => e.note)).toEqual([null]);
  });
});

describe('contract operations', () => {
  const PROFILE = `query ResidentProfile($id: ID!) {
    resident(id: $id) {
      id name
      positiveCase { id status classification reportedAt facility { name type } timeline { at type actor note } }
    }
  }`;

  test('Cases: by region (community at report) and status, newest first, with resident, facility and contacts; paged', async () => {
    const r1 = await resident(COMMUNITY_B1);
    const r2 = await resident(COMMUNITY_B1);
    const contact = await resident(COMMUNITY_B1);
    const older = await report(r1.id, { reportedAt: new Date(Date.now() - 3 * HOUR).toISOString() });
    const newer = await report(r2.id, { reportedAt: new Date(Date.now() - HOUR).toISOString() });
    const facility = await cases.facility({ name: 'Xujing Makeshift Hospital', communityCode: COMMUNITY_B1 });
    await platform.data(TransferCaseDocument, { id: older.id, facilityId: String(facility.id) });
    await platform.data(`mutation($input: AddCloseContactInput!) { addCloseContact(input: $input) { id } }`, {
      input: { caseId: older.id, residentId: String(contact.id), exposureDate: new Date().toISOString().slice(0, 10) },
    });

    const all = (await platform.data(CasesDocument, { code: COMMUNITY_B1 })).cases;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([newer.id, older.id]);
    expect(all.edges[1]!.node).toMatchObject({
      status: 'TRANSFERRED',
      resident: { id: String(r1.id), name: expect.any(String), community: { name: 'Xiangjia Residential Community' } },
      facility: { name: 'Xujing Makeshift Hospital', type: 'MAKESHIFT_HOSPITAL' },
      closeContacts: [{ resident: { id: String(contact.id), name: expect.any(String) }, status: 'QUARANTINED', quarantineEndsAt: expect.any(String) }],
    });
    const transferred = (await platform.data(CasesDocument, { code: COMMUNITY_B1, status: ['TRANSFERRED'] })).cases;
    expect(transferred.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([older.id]);
    expect((await platform.data(CasesDocument, { code: TOWN_A, status: ['DECEASED', 'DISCHARGED'] })).cases.edges.every((e: { node: { status: string } }) => ['DECEASED', 'DISCHARGED'].includes(e.node.status))).toBe(true);

    const page = await platform.data(`query($code: ID!) { cases(filter: { regionCode: $code }, first: 1) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { code: COMMUNITY_B1 });
    expect(page.cases.pageInfo.hasNextPage).toBe(true);
    const next = await platform.data(`query($code: ID!, $after: String) { cases(filter: { regionCode: $code }, first: 1, after: $after) { pageInfo { hasNextPage } edges { node { id } } } }`, {
      code: COMMUNITY_B1,
      after: page.cases.pageInfo.endCursor,
    });
    expect(next.cases.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([older.id]);
    expect(next.cases.pageInfo.hasNextPage).toBe(false);
  });

  test('ResidentProfile: the most recent case with its facility and timeline; null when never a case', async () => {
    const r = await resident();
    const opened = await report(r.id, { note: 'Reported by the community clinic' });
    const facility = await cases.facility({ name: 'National Exhibition Centre Makeshift Hospital' });
    await platform.data(TransferCaseDocument, { id: opened.id, facilityId: String(facility.id) });
    const { resident: profile } = await platform.data(PROFILE, { id: String(r.id) });
    expect(profile.positiveCase).toMatchObject({
      id: opened.id,
      status: 'TRANSFERRED',
      classification: 'MILD',
      facility: { name: 'National Exhibition Centre Makeshift Hospital', type: 'MAKESHIFT_HOSPITAL' },
      timeline: [
        { type: 'REPORTED', actor: 'test-admin', note: 'Reported by the community clinic' },
        { type: 'TRANSFERRED', actor: 'test-admin', note: null },
      ],
    });
    const never = await resident();
    expect((await platform.data(PROFILE, { id: String(never.id) })).resident.positiveCase).toBeNull();
  });
});
