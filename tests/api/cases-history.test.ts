/**
 * The cases' history in memory (case-history.ts) against the database path
 * (caseColumnsAt): the same indexes and the same lists at random instants of
 * the window and at every recorded instant ±1 ms (reports, timeline events,
 * quarantine starts, planned ends and releases, residence moves), for the
 * district, towns and communities; the API's past instants come from the
 * history; a discharge through the API changes the answers after it and not
 * before; and the present follows a quarantine's planned end without reading
 * the database again.
 */
import 'reflect-metadata';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readCaseHistory } from '../../subgraphs/cases/statistics/case-history.queries.js';
import { caseHistoryColumnsAt } from '../../subgraphs/cases/statistics/case-history.js';
import type { CaseIndexColumns, CaseIndexName } from '../../subgraphs/cases/statistics/case-indexes.js';
import { caseColumnsAt } from '../../subgraphs/cases/statistics/case-indexes.queries.js';
import type { CaseIndexes } from '../../subgraphs/cases/statistics/case-indexes.type.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { edgesOf, randomInstants, windowStart } from '../support/history-instants.js';
import { startCasesPlatform, type CasesBuilders } from '../support/cases-builders.js';
import { DAY, HOUR, plus } from '../support/health-builders.js';
import type { TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let cases: CasesBuilders;
/** A case TRANSFERRED to a makeshift hospital, discharged through the API by a test. */
let toDischarge: number;

const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const BASE = new Date(NOW.getTime() - 20 * DAY);
const at = (days: number, hours = 0) => plus(BASE, days * DAY + hours * HOUR);
/** A calendar day starts at 16:00 UTC in Shanghai: the first one after BASE + 9 days. */
const MIDNIGHT = new Date(Math.ceil((at(9).getTime() - 16 * HOUR) / DAY) * DAY + 16 * HOUR);
const CODE_SETS = [[DISTRICT], [TOWN_A, TOWN_B, TOWN_EMPTY], [COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2]];
const INDEXES: CaseIndexName[] = ['newToday', 'active', 'inFacility', 'discharged', 'closeContactsInQuarantine'];

beforeAll(async () => {
  ({ platform, cases } = await startCasesPlatform());
  const makeshift = (await cases.facility({ type: 'MAKESHIFT_HOSPITAL' })).id;
  const designated = (await cases.facility({ type: 'DESIGNATED_HOSPITAL' })).id;
  const home = (await cases.facility({ type: 'HOME_ISOLATION' })).id;
  const transferred = (when: Date, facilityId: number) => ({ at: when, type: 'TRANSFERRED', status: 'TRANSFERRED' as const, facilityId });

  const c1 = await cases.positiveCase({ residentId: 7001, reportedAt: at(0), steps: [transferred(at(1), makeshift), { at: at(5), type: 'DISCHARGED', status: 'DISCHARGED' }] });
  const c2 = await cases.positiveCase({ residentId: 7002, reportedAt: at(2), steps: [transferred(at(2, 3), designated), transferred(at(4), home)] });
  const c3 = await cases.positiveCase({ residentId: 7003, communityCode: COMMUNITY_A2, reportedAt: at(3), steps: [{ at: at(6), type: 'DECEASED', status: 'DECEASED' }] });
  // The same resident's second case, in another town: distinct residents in the district.
  const c4 = await cases.positiveCase({ residentId: 7001, communityCode: COMMUNITY_B1, reportedAt: at(7), steps: [transferred(at(7, 2), makeshift)] });
  // Reported exactly at a calendar day's start and 1 ms before it.
  await cases.positiveCase({ residentId: 7004, communityCode: COMMUNITY_B1, reportedAt: MIDNIGHT });
  await cases.positiveCase({ residentId: 7005, communityCode: COMMUNITY_B1, reportedAt: plus(MIDNIGHT, -1) });
  // Reported and discharged before the window: counted in discharged all through it.
  const old = await cases.positiveCase({ residentId: 7006, reportedAt: plus(NOW, -40 * DAY), steps: [transferred(plus(NOW, -39 * DAY), makeshift), { at: plus(NOW, -35 * DAY), type: 'DISCHARGED', status: 'DISCHARGED' }] });
  // Two events at one instant: the later one (by ID) holds.
  await cases.positiveCase({ residentId: 7007, communityCode: COMMUNITY_B2, reportedAt: at(10), steps: [transferred(at(11), makeshift), { at: at(11), type: 'DISCHARGED', status: 'DISCHARGED' }] });
  toDischarge = (await cases.positiveCase({ residentId: 7008, communityCode: COMMUNITY_A2, reportedAt: at(1), steps: [transferred(at(1, 1), makeshift)] })).id;

  // Close contacts count where they live at the instant.
  await cases.residence({ residentId: 8001, communityCode: COMMUNITY_A1 });
  await cases.residence({ residentId: 8002, communityCode: COMMUNITY_A1, endedAt: at(3) });
  await cases.residence({ residentId: 8002, communityCode: COMMUNITY_B1, startedAt: at(3) });
  await cases.residence({ residentId: 8003, communityCode: COMMUNITY_A2 });
  await cases.residence({ residentId: 8004, communityCode: COMMUNITY_B1 });
  await cases.residence({ residentId: 8005, communityCode: COMMUNITY_B2 });
  await cases.residence({ residentId: 8006, communityCode: COMMUNITY_B2 });
  await cases.residence({ residentId: 8007, communityCode: COMMUNITY_A1, endedAt: at(4) }); // moved out during quarantine
  const contact = (caseId: number, residentId: number, startsAt: Date, endsAt: Date, end?: { status: 'RELEASED' | 'CONVERTED_TO_CASE'; at: Date }) =>
    cases.contact({ caseId, residentId, startsAt, endsAt, status: end?.status, endedAt: end?.at ?? null });
  await contact(c1.id, 8001, at(0, 1), at(14, 1));
  await contact(c4.id, 8001, at(7), at(21)); // overlapping quarantines of one resident
  await contact(c1.id, 8002, at(0, 2), at(16)); // moves to town B on day 3
  await contact(c3.id, 8003, at(3), at(17), { status: 'RELEASED', at: at(5) });
  await contact(c4.id, 8004, at(7), at(21), { status: 'CONVERTED_TO_CASE', at: at(8) });
  await contact(old.id, 8005, plus(NOW, -40 * DAY), plus(NOW, -26 * DAY)); // ends by itself within the window
  await contact(old.id, 8006, plus(NOW, -40 * DAY), plus(NOW, -33 * DAY)); // over before the window
  await contact(c2.id, 8007, at(2), at(16));
  await contact(c2.id, 8001, at(18), plus(NOW, 5 * DAY)); // still in quarantine now
});
afterAll(() => platform?.stop());

const db = () => platform.test.database.db;

/** Every index and every list of these regions at `t`, as the columns give them. */
function answers(columns: CaseIndexColumns, t: Date, codes: readonly string[]) {
  const lists = codes.flatMap((code) => INDEXES.map((index) => [code, index, columns.peopleAt(index, t, code).map((group) => [group.communityCode, group.residentIds()])]));
  return { indexes: Object.fromEntries(columns.indexesAt(t, codes)), lists };
}

/** Every recorded instant of the cases' tables within the window, and 1 ms either side. */
async function edgeInstants(): Promise<Date[]> {
  const rows = await queryRows<{ at: string }>(
    db(),
    sql`select reported_at as at from cases.positive_cases union select at from cases.case_events
        union select quarantine_starts_at from cases.close_contacts union select quarantine_ends_at from cases.close_contacts
        union select ended_at from cases.close_contacts where ended_at is not null
        union select started_at from cases.residence_periods union select ended_at from cases.residence_periods where ended_at is not null`,
  );
  return edgesOf(rows);
}


/** Compares both paths at these instants; returns the largest value of each index in the district among them. */
async function expectBothPathsAgree(instants: readonly Date[]): Promise<Record<CaseIndexName, number>> {
  const history = await readCaseHistory(db(), windowStart());
  const largest = Object.fromEntries(INDEXES.map((index) => [index, 0])) as Record<CaseIndexName, number>;
  for (const t of instants) {
    for (const codes of CODE_SETS) {
      const fromDatabase = answers(await caseColumnsAt(db(), codes, t), t, codes);
      expect(answers(caseHistoryColumnsAt(history, codes, t), t, codes), `${codes.join(',')} at ${t.toISOString()}`).toEqual(fromDatabase);
      for (const index of INDEXES) largest[index] = Math.max(largest[index], fromDatabase.indexes[DISTRICT]?.[index] ?? 0);
    }
  }
  return largest;
}

const DASHBOARD = `query($code: ID!, $asOf: DateTime) { region(code: $code) {
  code cases(asOf: $asOf) { newToday active inFacility discharged closeContactsInQuarantine }
  children { code cases(asOf: $asOf) { newToday active inFacility discharged closeContactsInQuarantine } } } }`;

/** The API's indexes of the district and its towns at `t`. */
async function dashboard(t: Date): Promise<Record<string, CaseIndexes>> {
  const { region } = await platform.data(DASHBOARD, { code: DISTRICT, asOf: t.toISOString() });
  return Object.fromEntries([region, ...region.children].map((r: { code: string; cases: CaseIndexes }) => [r.code, r.cases]));
}

describe('the cases history in memory', () => {
  test('equals the database path at every recorded instant ±1 ms and at random instants, for every level', async () => {
    const edges = await edgeInstants();
    expect(edges.length).toBeGreaterThan(60);
    const largest = await expectBothPathsAgree([...edges, ...randomInstants(25, 20261129)]);
    // Sanity: every index counts someone at some instant compared (a comparison of zeros proves nothing).
    for (const index of INDEXES) expect(largest[index], index).toBeGreaterThan(0);
  });

  test('answers the API\'s past instants within the window, with no statement over the cases\' tables', async () => {
    const instants = [at(3), plus(at(5), -1), at(7, 2), MIDNIGHT, at(12)];
    await dashboard(instants[0]!); // reads the history (the fixtures were written since it was last read)
    const { result, statements } = await platform.test.countStatements(() => Promise.all(instants.map(dashboard)));
    expect(statements.filter((s) => /cases\.(positive_cases|case_events|close_contacts|residence_periods)/.test(s))).toEqual([]);
    for (const [i, t] of instants.entries()) {
      const codes = [DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY];
      expect(result[i]).toEqual(Object.fromEntries((await caseColumnsAt(db(), codes, t)).indexesAt(t, codes)));
    }
  });

  test('a discharge through the API changes the answers after it, not before', async () => {
    const before = new Date();
    const answered = await dashboard(before);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const discharged = await platform.data(`mutation($id: ID!) { dischargeCase(id: $id) { status timeline { at } } }`, { id: String(toDischarge) });
    expect(discharged.dischargeCase.status).toBe('DISCHARGED');
    const dischargedAt = new Date(discharged.dischargeCase.timeline.at(-1).at);
    expect(await dashboard(before)).toEqual(answered);
    const after = await dashboard(dischargedAt);
    for (const code of [DISTRICT, TOWN_A]) {
      const was = answered[code]!;
      expect(after[code]).toEqual({ ...was, active: was.active - 1, inFacility: was.inFacility - 1, discharged: was.discharged + 1 });
    }
    expect(after[TOWN_B]).toEqual(answered[TOWN_B]);
    await expectBothPathsAgree([before, plus(dischargedAt, -1), dischargedAt]);
  });
});

describe('the present', () => {
  test('follows a quarantine\'s planned end without reading the cases\' tables again', async () => {
    const residentId = 8101;
    await cases.residence({ residentId, communityCode: COMMUNITY_B2 });
    const caseId = (await cases.positiveCase({ residentId: 7101, communityCode: COMMUNITY_B2, reportedAt: at(15) })).id;
    await cases.contact({ caseId, residentId, startsAt: at(15), endsAt: new Date(Date.now() + 1500) });
    const present = async () => (await platform.data(`{ region(code: "${COMMUNITY_B2}") { cases { closeContactsInQuarantine } } }`)).region.cases.closeContactsInQuarantine;
    const during = await present();
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const { result: after, statements } = await platform.test.countStatements(present);
    expect(after).toBe(during - 1);
    expect(statements.filter((s) => s.includes('cases.close_contacts'))).toEqual([]);
  });
});
