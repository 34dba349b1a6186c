/**
 * The index checker on the revised definitions (domain.md "Positive cases",
 * "Time", "The 39 indexes"): the `test` data set seeded, then the cases the
 * revision is about, made through the API where the fact is administrative
 * (so it is recorded now) and with builders where it is a lab fact:
 * - a death (recordDeath): from its instant the person counts in no
 *   population, health, vaccination or permit index;
 * - a close contact of two cases in two towns, neither the town they live
 *   in: counted once, where they live;
 * - back-dated administrative facts (a quarantine and an exemption whose
 *   command gives an earlier start): they hold from when they were recorded;
 * - a pendingResults tie (two samples at one instant, one without result);
 * - an enterprise suspended while its permits are valid: they stop being active;
 * - a quarantine released early.
 * At each instant where one of these starts or stops holding, every index of
 * RegionDashboard and every drill-down list (people(index:)) must equal the
 * brute force.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDatabase } from '../../seed/index.js';
import { bruteForceIndexes, bruteForceMembers } from '../../scripts/index-checker/brute-force.js';
import { checkIndexes, formatReport, type CheckOptions } from '../../scripts/index-checker/checker.js';
import { DAY, HOUR, MINUTE, healthBuilders, plus } from '../support/health-builders.js';
import { startTestPlatform, TEST_ADMIN, TEST_CONFIG, tokenFor, type TestPlatform } from '../support/platform.js';

const ANCHOR = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const DISTRICT = '310118';
let platform: TestPlatform;

type Row = Record<string, unknown>;
async function rows(query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await platform.test.database.db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
const first = async (query: ReturnType<typeof sql>) => (await rows(query))[0];
const instant = (value: unknown) => (value instanceof Date ? value : new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')));
const second = (at: number) => new Date(Math.floor(at / 1000) * 1000);

/** What the scenario made, for the assertions. */
const made = {} as {
  deceased: { residentId: number; communityCode: string; at: Date };
  contact: { residentId: number; communityCode: string; addedAt: Date; backDatedStart: Date };
  exemption: { residentId: number; from: Date };
  tie: { residentId: number; sampledAt: Date; resultAt: Date };
  suspension: { enterpriseId: number; at: Date };
  /** When a seeded quarantine was ended early (released). */
  quarantineEnd: Date;
  now: Date;
};

/** The instants compared, by name: where each revised fact starts or stops holding. */
const INSTANTS: [string, () => Date][] = [
  ['now', () => made.now],
  ['a millisecond before the death', () => new Date(made.deceased.at.getTime() - 1)],
  ['the death instant', () => made.deceased.at],
  ['inside a back-dated quarantine, before it was recorded', () => plus(made.contact.backDatedStart, HOUR)],
  ['the back-dated quarantine recorded', () => made.contact.addedAt],
  ['inside a back-dated exemption, before it was recorded', () => plus(made.exemption.from, HOUR)],
  ['a quarantine released', () => made.quarantineEnd],
  ['a millisecond before a quarantine was released', () => new Date(made.quarantineEnd.getTime() - 1)],
  ['one of two samples at one instant gets its result', () => made.tie.resultAt],
  ['two samples at one instant, one with a result', () => plus(made.tie.resultAt, MINUTE)],
  ['a millisecond before the enterprise was suspended', () => new Date(made.suspension.at.getTime() - 1)],
  ['the enterprise suspended', () => made.suspension.at],
];

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await seedDatabase(platform.test.database, 'test', { anchor: ANCHOR });
  await platform.drainEvents();
  const living = sql`exists (select 1 from population.residencies p where p.resident_id = r.resident_id and p.ended_at is null)`;

  // A death: an active case of a living resident.
  const dying = await first(sql`select c.id, c.resident_id, p.community_code from cases.positive_cases c
    join population.residencies p on p.resident_id = c.resident_id and p.ended_at is null
    where c.status in ('REPORTED', 'TRANSFERRED') order by c.id limit 1`);
  expect(dying, 'an active case').toBeDefined();
  await platform.data(`mutation($id: ID!) { recordDeath(id: $id, note: "died") { id } }`, { id: String(dying!.id) });
  const death = await first(sql`select at from cases.case_events where case_id = ${dying!.id} and type = 'DECEASED'`);
  made.deceased = { residentId: Number(dying!.resident_id), communityCode: String(dying!.community_code), at: instant(death!.at) };

  // A close contact of two active cases in two towns other than the contact's own; one quarantine back-dated by 2 days.
  const contact = await first(sql`select r.resident_id, r.community_code from population.residencies r
    where r.ended_at is null and r.resident_id <> ${made.deceased.residentId}
      and not exists (select 1 from cases.positive_cases c where c.resident_id = r.resident_id)
      and not exists (select 1 from cases.close_contacts k where k.resident_id = r.resident_id)
    order by r.resident_id limit 1 offset 40`);
  const town = String(contact!.community_code).slice(0, 9);
  const sources = await rows(sql`select distinct on (left(c.community_code, 9)) c.id from cases.positive_cases c
    where c.status in ('REPORTED', 'TRANSFERRED') and left(c.community_code, 9) <> ${town} and c.id <> ${dying!.id}
    order by left(c.community_code, 9), c.id limit 2`);
  expect(sources.length, 'active cases in two other towns').toBe(2);
  const now = Date.now();
  const backDatedStart = second(now - 2 * DAY);
  const add = `mutation($input: AddCloseContactInput!) { addCloseContact(input: $input) { id } }`;
  const exposureDate = new Date(now - 3 * DAY + 8 * HOUR).toISOString().slice(0, 10);
  await platform.data(add, { input: { caseId: String(sources[0]!.id), residentId: String(contact!.resident_id), exposureDate, quarantineStartsAt: backDatedStart.toISOString() } });
  await platform.data(add, { input: { caseId: String(sources[1]!.id), residentId: String(contact!.resident_id), exposureDate } });
  const added = await first(sql`select min(e.at) as at from cases.case_events e where e.type = 'CONTACT_ADDED' and e.data->>'residentId' = ${String(contact!.resident_id)}`);
  made.contact = { residentId: Number(contact!.resident_id), communityCode: String(contact!.community_code), addedAt: instant(added!.at), backDatedStart };

  // A back-dated exemption of a resident who has not been sampled for 3 days (so it changes untested72h).
  const exempt = await first(sql`select r.resident_id from population.residencies r where r.ended_at is null and ${living}
      and not exists (select 1 from health.exemptions e where e.resident_id = r.resident_id)
      and not exists (select 1 from health.samples s where s.resident_id = r.resident_id and s.sampled_at > now() - interval '4 days')
    order by r.resident_id limit 1`);
  const from = second(now - 3 * DAY);
  await platform.data(`mutation($id: ID!, $from: DateTime!) { recordExemption(residentId: $id, from: $from, reason: "certificate dated earlier") { id } }`, {
    id: String(exempt!.resident_id),
    from: from.toISOString(),
  });
  made.exemption = { residentId: Number(exempt!.resident_id), from };

  // A pendingResults tie: two samples at the same instant, one NEGATIVE, one still PENDING (lab facts: builders).
  const tied = await first(sql`select r.resident_id from population.residencies r where r.ended_at is null
      and not exists (select 1 from health.samples s where s.resident_id = r.resident_id and s.sampled_at > now() - interval '2 days')
      and not exists (select 1 from cases.close_contacts k where k.resident_id = r.resident_id)
    order by r.resident_id desc limit 1`);
  const sampledAt = second(now - 5 * HOUR);
  const resultAt = second(now - 4 * HOUR);
  const health = healthBuilders(platform.test.database.db);
  await health.sample({ residentId: Number(tied!.resident_id), sampledAt, result: 'NEGATIVE', resultAt });
  await health.sample({ residentId: Number(tied!.resident_id), sampledAt, result: 'PENDING', resultAt: null });
  made.tie = { residentId: Number(tied!.resident_id), sampledAt, resultAt };

  // An enterprise approved to resume, with valid approved permits, suspended now.
  const enterprise = await first(sql`select w.enterprise_id from permits.work_permits w join permits.enterprises e on e.id = w.enterprise_id
    where e.resumption_status = 'APPROVED_TO_RESUME' and w.status = 'APPROVED' and w.valid_from <= now() and w.valid_to > now() + interval '1 day'
    group by w.enterprise_id order by count(*) desc, w.enterprise_id limit 1`);
  expect(enterprise, 'an enterprise with active permits').toBeDefined();
  await platform.data(`mutation($id: ID!) { setEnterpriseResumption(id: $id, status: SUSPENDED, reason: "inspection failed") { id } }`, {
    id: String(enterprise!.enterprise_id),
  });
  const suspended = await first(sql`select max(at) as at from permits.enterprise_status_changes where enterprise_id = ${enterprise!.enterprise_id}`);
  made.suspension = { enterpriseId: Number(enterprise!.enterprise_id), at: instant(suspended!.at) };

  // A seeded quarantine ended early (released).
  const released = await first(sql`select id from cases.close_contacts where status = 'QUARANTINED' and quarantine_starts_at <= now()
    and quarantine_ends_at > now() and resident_id <> ${made.contact.residentId} order by id limit 1`);
  expect(released, 'a contact in quarantine').toBeDefined();
  await platform.data(`mutation($id: ID!) { releaseCloseContact(id: $id, note: "negative twice") { id } }`, { id: String(released!.id) });
  const release = await first(sql`select at from cases.case_events where type = 'CONTACT_RELEASED' and (data->>'contactId')::bigint = ${released!.id}`);
  made.quarantineEnd = instant(release!.at);

  await platform.drainEvents();
  await new Promise((resolve) => setTimeout(resolve, 1100)); // every change above is now at or before "now, to the second"
  made.now = second(Date.now());
}, 180_000);
afterAll(async () => {
  await platform?.stop();
});

const check = async (asOf: Date, people: CheckOptions['people'] = { mode: 'sets', communities: 3 }) =>
  checkIndexes({
    database: platform.test.database,
    url: platform.gateway.url,
    token: await tokenFor(TEST_ADMIN),
    asOf,
    testIntervalHours: TEST_CONFIG.testIntervalHours,
    people: people && { ...people, include: [made.deceased.communityCode, made.contact.communityCode] },
  });

const membersAt = async (asOf: Date, subgraph: Parameters<typeof bruteForceMembers>[2], key: string, residentId: number) =>
  bruteForceMembers(
    platform.test.database,
    { districtCode: DISTRICT, asOf, testIntervalHours: TEST_CONFIG.testIntervalHours },
    subgraph,
    { keys: [key], residentIds: [residentId] },
  );

describe('the brute force follows the revised definitions', () => {
  test('a death ends residency at its instant: in no population or health index from then', async () => {
    const { residentId, at } = made.deceased;
    expect(await membersAt(new Date(at.getTime() - 1), 'population', 'RESIDENTS', residentId)).toHaveLength(1);
    expect(await membersAt(at, 'population', 'RESIDENTS', residentId)).toEqual([]);
    expect(await membersAt(at, 'health', 'RED', residentId)).toEqual([]);
  });

  test('a close contact of cases in two other towns counts once, where they live, from when the quarantine was recorded', async () => {
    const { residentId, communityCode, addedAt, backDatedStart } = made.contact;
    expect(await membersAt(made.now, 'cases', 'CLOSE_CONTACTS_IN_QUARANTINE', residentId)).toEqual([
      { key: 'CLOSE_CONTACTS_IN_QUARANTINE', residentId, communityCode },
    ]);
    expect(await membersAt(addedAt, 'health', 'RED', residentId)).toHaveLength(1);
    expect(await membersAt(plus(backDatedStart, HOUR), 'cases', 'CLOSE_CONTACTS_IN_QUARANTINE', residentId)).toEqual([]);
  });

  test('a pendingResults tie: one sample without a result at the latest instant is enough', async () => {
    expect(await membersAt(plus(made.tie.resultAt, MINUTE), 'health', 'PENDING_RESULTS', made.tie.residentId)).toHaveLength(1);
  });

  test('a suspended enterprise has no active permits', async () => {
    const active = async (asOf: Date) =>
      (await bruteForceIndexes(platform.test.database, { districtCode: DISTRICT, asOf, testIntervalHours: TEST_CONFIG.testIntervalHours })).regions.find(
        (r) => r.level === 'DISTRICT',
      )!.values['permits.active'];
    expect(await active(made.suspension.at)).toBeLessThan(await active(new Date(made.suspension.at.getTime() - 1)));
  });
});

describe('index checker on the revised definitions: the API equals the brute force', () => {
  test.each(INSTANTS)('at %s: every index and every drill-down list', async (_, at) => {
    const result = await check(at());
    expect(result.regions.find((r) => r.level === 'DISTRICT')!.values['population.residents']).toBeGreaterThan(1000);
    expect(result.peopleCompared + result.mismatches.filter((m) => m.index.endsWith('people(index:)')).length).toBeGreaterThan(0);
    expect(result.mismatches, formatReport(result)).toEqual([]);
  }, 300_000);
});
