/**
 * The index checker (scripts/check-indexes.ts) at test size: the `test` data
 * set seeded, the events it publishes applied, then every index of
 * RegionDashboard (district + towns × 39) by brute-force SQL from domain.md
 * must equal the API's answer, now and at past instants; then again after a
 * few changes through the API (discharge, death, release, conversion, move-out,
 * exemption, tag, revocation, resumption, a venue exposure) and at the exact
 * instants where facts start or stop holding (the edges of every "≤ T" / "> T").
 * At the first instants, the drill-down lists (people(index:)) too. The
 * revised definitions' own scenario is in index-checker-revised.test.ts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDatabase } from '../../seed/index.js';
import { checkIndexes, formatReport } from '../../scripts/index-checker/checker.js';
import { startTestPlatform, TEST_ADMIN, TEST_CONFIG, tokenFor, type TestPlatform } from '../support/platform.js';

const HOUR = 3600_000;
const SECOND = 1000;
const ANCHOR = new Date(Math.floor(Date.now() / HOUR) * HOUR);
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await seedDatabase(platform.test.database, 'test', { anchor: ANCHOR });
  await platform.drainEvents();
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

const instants: [string, () => Date][] = [
  ['now', () => new Date(Math.floor(Date.now() / 1000) * 1000)],
  ['the anchor', () => ANCHOR],
  ['anchor − 1 day', () => new Date(ANCHOR.getTime() - 24 * HOUR)],
  ['anchor − 10 days', () => new Date(ANCHOR.getTime() - 240 * HOUR)],
];

describe('index checker, test data set', () => {
  test.each(instants)('brute force equals the API at %s', async (_, at) => {
    const result = await checkIndexes({
      database: platform.test.database,
      url: platform.gateway.url, token: await tokenFor(TEST_ADMIN),
      asOf: at(),
      testIntervalHours: TEST_CONFIG.testIntervalHours,
      people: { mode: 'sets', communities: 3 },
    });
    // Sanity: the brute force sees the seeded data (a checker that computes zeros everywhere proves nothing).
    const district = result.regions.find((r) => r.level === 'DISTRICT')!;
    expect(result.regions.length).toBeGreaterThan(1);
    expect(district.values['population.residents']).toBeGreaterThan(1000);
    expect(district.values['health.testing.within72h']).toBeGreaterThan(0);
    expect(result.compared).toBe(result.regions.length * 39);
    expect(result.mismatches, formatReport(result)).toEqual([]);
  }, 300_000);

  test('brute force equals the present (no asOf: the live snapshot, evaluated when it answers)', async () => {
    const result = await checkIndexes({ database: platform.test.database, url: platform.gateway.url, token: await tokenFor(TEST_ADMIN), present: true, testIntervalHours: TEST_CONFIG.testIntervalHours });
    expect(result.regions.find((r) => r.level === 'DISTRICT')!.values['health.testing.within72h']).toBeGreaterThan(0);
    expect(result.mismatches, formatReport(result)).toEqual([]);
  });

  test('the present lists: every list of every region totals its index in the same request (--people same-request)', async () => {
    const result = await checkIndexes({
      database: platform.test.database,
      url: platform.gateway.url,
      token: await tokenFor(TEST_ADMIN),
      present: true,
      testIntervalHours: TEST_CONFIG.testIntervalHours,
      people: { mode: 'same-request' },
    });
    // 32 lists for the district, every town and every community.
    expect(result.peopleCompared).toBeGreaterThan(32 * result.regions.length);
    expect(result.mismatches, formatReport(result)).toEqual([]);
  }, 300_000);

  test('a wrong answer is reported as a mismatch', async () => {
    // The checker itself must fail when the answers differ: give the brute force another NO_RECENT_TEST interval than the
    // API's (168 h), so the health-code counts differ.
    const asOf = new Date(ANCHOR.getTime() - 24 * HOUR);
    const fake = await checkIndexes({
      database: platform.test.database,
      url: platform.gateway.url, token: await tokenFor(TEST_ADMIN),
      asOf,
      testIntervalHours: 24,
    });
    expect(fake.mismatches.map((m) => m.index)).toEqual(expect.arrayContaining(['health.healthCodes.green', 'health.healthCodes.yellow']));
  });
});

type Row = Record<string, unknown>;
async function rows(query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await platform.test.database.db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
const first = async (query: ReturnType<typeof sql>) => (await rows(query))[0];
const instant = (value: unknown) => new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

describe('index checker after changes through the API, and at the edges of facts', () => {
  const check = async (asOf: Date) => {
    const result = await checkIndexes({ database: platform.test.database, url: platform.gateway.url, token: await tokenFor(TEST_ADMIN), asOf, testIntervalHours: TEST_CONFIG.testIntervalHours });
    expect(result.mismatches, formatReport(result)).toEqual([]);
    return result;
  };

  test('changes through the API: the checker still agrees now', async () => {
    const transferred = await rows(sql`select id from cases.positive_cases where status = 'TRANSFERRED' order by id limit 2`);
    expect(transferred.length).toBe(2);
    await platform.data(`mutation($id: ID!) { dischargeCase(id: $id) { id } }`, { id: String(transferred[0]!.id) });
    await platform.data(`mutation($id: ID!) { recordDeath(id: $id) { id } }`, { id: String(transferred[1]!.id) });
    const contacts = await rows(sql`select id from cases.close_contacts where status = 'QUARANTINED' and quarantine_ends_at > now() order by id limit 2`);
    expect(contacts.length).toBe(2);
    await platform.data(`mutation($id: ID!) { releaseCloseContact(id: $id, note: "negative twice") { id } }`, { id: String(contacts[0]!.id) });
    await platform.data(`mutation($id: ID!) { convertCloseContactToCase(id: $id, input: { classification: MILD }) { case { id } } }`, {
      id: String(contacts[1]!.id),
    });
    const mover = await first(sql`select resident_id from population.residencies where ended_at is null order by resident_id limit 1 offset 7`);
    await platform.data(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: String(mover!.resident_id) });
    const green = await first(sql`select rp.resident_id from health.residence_periods rp where rp.ended_at is null
      and exists (select 1 from health.samples s where s.resident_id = rp.resident_id and s.sampled_at > now() - interval '2 days')
      order by rp.resident_id limit 1 offset 11`);
    await platform.data(`mutation($id: ID!) { recordExemption(residentId: $id, reason: "bedridden, certificate") { id } }`, { id: String(green!.resident_id) });
    await platform.data(`mutation($id: ID!) { tagResident(residentId: $id, tagCode: "BEDRIDDEN", reason: "visit") { id } }`, { id: String(green!.resident_id) });
    const approved = await first(sql`select id from permits.work_permits where status = 'APPROVED' and valid_to > now() order by id limit 1`);
    await platform.data(`mutation($id: ID!) { revokeWorkPermit(id: $id, reason: "left the company") { id } }`, { id: String(approved!.id) });
    const enterprise = await first(sql`select id from permits.enterprises where resumption_status <> 'APPROVED_TO_RESUME' order by id limit 1`);
    await platform.data(`mutation($id: ID!) { setEnterpriseResumption(id: $id, status: APPROVED_TO_RESUME, reason: "inspected") { id } }`, {
      id: String(enterprise!.id),
    });

    // A venue exposure of an otherwise GREEN resident: P, with an individual positive sample taken at x, scanned a venue
    // 5 minutes after R, who was last sampled before that scan (within the last week) and not since.
    const positive = await first(sql`select resident_id, sampled_at from health.samples
      where tube_type = 'SINGLE' and result = 'POSITIVE' and result_at <= now() order by sampled_at desc limit 1`);
    const x = instant(positive!.sampled_at);
    const exposed = await first(sql`select rp.resident_id, max(s.sampled_at) as last from health.residence_periods rp
      join health.samples s on s.resident_id = rp.resident_id
      where rp.ended_at is null and rp.resident_id <> ${positive!.resident_id}
        and not exists (select 1 from health.exemptions e where e.resident_id = rp.resident_id)
      group by rp.resident_id
      having max(s.sampled_at) between greatest(${x.toISOString()}::timestamptz - interval '2 days', now() - interval '150 hours')
                                   and ${x.toISOString()}::timestamptz - interval '1 hour'
      order by rp.resident_id limit 1`);
    expect(exposed, 'a resident to expose').toBeDefined();
    const scannedAt = new Date(instant(exposed!.last).getTime() + 60 * SECOND);
    const venue = await first(sql`select code from health.venues order by id limit 1`);
    const scan = `mutation($r: ID!, $v: String!, $at: DateTime!) { recordVenueScan(residentId: $r, venueCode: $v, scannedAt: $at, colorShown: GREEN) { id } }`;
    await platform.data(scan, { r: String(exposed!.resident_id), v: venue!.code, at: scannedAt.toISOString() });
    await platform.data(scan, { r: String(positive!.resident_id), v: venue!.code, at: new Date(scannedAt.getTime() + 5 * 60 * SECOND).toISOString() });

    await platform.drainEvents();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // every change above is now at or before "now, to the second"
    const result = await check(new Date(Math.floor(Date.now() / SECOND) * SECOND));
    // The present snapshot read before these writes must not answer after them.
    const present = await checkIndexes({ database: platform.test.database, url: platform.gateway.url, token: await tokenFor(TEST_ADMIN), present: true, testIntervalHours: TEST_CONFIG.testIntervalHours });
    expect(present.mismatches, formatReport(present)).toEqual([]);
    const district = result.regions.find((r) => r.level === 'DISTRICT')!;
    expect(district.values['cases.discharged']).toBeGreaterThan(0);
    expect(district.values['health.homeObservation.active']).toBeGreaterThan(0);
    expect(district.reasons.venueExposure).toBeGreaterThan(0);
  });

  test('the present follows a quarantine that ends by itself, with no write to tell of it', async () => {
    const contact = await first(sql`select k.contact_id, k.resident_id from health.quarantines k
      where k.released_at is null and k.starts_at <= now() and k.ends_at > now() + interval '1 hour'
        and not exists (select 1 from health.case_facts f where f.resident_id = k.resident_id)
        and not exists (select 1 from health.quarantines o where o.resident_id = k.resident_id and o.contact_id <> k.contact_id)
      order by k.contact_id limit 1`);
    expect(contact, 'a quarantined contact').toBeDefined();
    const endsAt = new Date(Date.now() + 3 * SECOND).toISOString();
    await rows(sql`update cases.close_contacts set quarantine_ends_at = ${endsAt}::timestamptz where id = ${contact!.contact_id}`);
    await rows(sql`update health.quarantines set ends_at = ${endsAt}::timestamptz where contact_id = ${contact!.contact_id}`);
    const presentCheck = async () => checkIndexes({ database: platform.test.database, url: platform.gateway.url, token: await tokenFor(TEST_ADMIN), present: true, testIntervalHours: TEST_CONFIG.testIntervalHours });
    const during = await presentCheck();
    expect(during.mismatches, formatReport(during)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(endsAt) - Date.now()) + 200));
    const after = await presentCheck();
    expect(after.mismatches, formatReport(after)).toEqual([]);
    const quarantined = (result: typeof after) => result.regions.find((r) => r.level === 'DISTRICT')!.reasons.closeContact;
    expect(quarantined(after)).toBe(quarantined(during) - 1);
  });

  test('at the instants where facts start or stop holding', async () => {
    const now = Date.now();
    const candidates = await rows(sql`
      select 'pool positive result' as what, min(result_at) as at from health.samples where tube_type = 'POOLED' and result = 'POSITIVE'
      union all select 'pool positive result + 1 h', min(result_at) + interval '1 hour' from health.samples where tube_type = 'POOLED' and result = 'POSITIVE'
      union all select 'individual positive result', max(result_at) from health.samples where tube_type = 'SINGLE' and result = 'POSITIVE'
      union all select 'a sample + 72 h', max(sampled_at) + interval '72 hours' from health.samples where sampled_at + interval '72 hours' <= now()
      union all select 'a sample + 168 h', max(sampled_at) + interval '168 hours' from health.samples where sampled_at + interval '168 hours' <= now()
      union all select 'a result arrives', max(result_at) from health.samples where result_at <= now() - interval '2 hours'
      union all select 'an abnormal scan + 24 h', max(scanned_at) + interval '24 hours' from health.scans where color_shown <> 'GREEN' and scanned_at + interval '24 hours' <= now()
      union all select 'a dose', max(administered_at) from health.doses
      union all select 'an observation starts', max(started_at) from health.home_observations where source like 'manual%'
      union all select 'an observation reaches its planned end', max(planned_end_at) from health.home_observations where planned_end_at <= now()
      union all select 'a case is reported', max(reported_at) from cases.positive_cases where source_barcode is not null
      union all select 'a case is transferred', max(at) from cases.case_events where type = 'TRANSFERRED'
      union all select 'a quarantine starts', min(quarantine_starts_at) from cases.close_contacts
      union all select 'a permit is approved', max(at) from permits.permit_events where to_status = 'APPROVED'
      union all select 'a permit reaches valid-to', max(valid_to) from permits.work_permits where valid_to <= now()
      union all select 'an enterprise status changes', min(at) from permits.enterprise_status_changes
      union all select 'a residency ends', max(ended_at) from population.residencies where ended_at <= now() - interval '1 hour'
      union all select 'a tag is put on', max(tagged_at) from population.resident_tags where tagged_at <= now() - interval '1 hour'`);
    const dayStart = new Date(Date.parse(`${new Date(ANCHOR.getTime() + 8 * HOUR).toISOString().slice(0, 10)}T00:00:00Z`) - 8 * HOUR);
    const edges = [
      ...candidates.filter((c) => c.at !== null && c.at !== undefined).map((c) => [String(c.what), instant(c.at)] as const),
      ['midnight in Shanghai', dayStart] as const,
      ['a millisecond before midnight', new Date(dayStart.getTime() - 1)] as const,
    ].filter(([, at]) => at.getTime() <= now);
    expect(edges.length).toBeGreaterThan(15);
    for (const [what, at] of edges) {
      const result = await checkIndexes({ database: platform.test.database, url: platform.gateway.url, token: await tokenFor(TEST_ADMIN), asOf: at, testIntervalHours: TEST_CONFIG.testIntervalHours });
      expect(result.mismatches, `${what}:\n${formatReport(result)}`).toEqual([]);
      // The pool rule is exercised: at a pool's positive result its members are pending retest.
      if (what === 'pool positive result') expect(result.regions.find((r) => r.level === 'DISTRICT')!.reasons.poolPending).toBeGreaterThan(0);
    }
  }, 60_000);
});
