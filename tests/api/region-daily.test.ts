/**
 * The contract's RegionDaily (tests/contract/next.graphql) through the
 * gateway, on the seeded `test` data set: each day's indexes equal
 * RegionDashboard asked at that day's last instant in Asia/Shanghai, and
 * today's equal the present dashboard's; the days of a region and its
 * children share one evaluation per instant; the drill-down lists of a day
 * total its indexes; the index checker's daily mode (every index of every
 * day against the brute force, scripts/index-checker/daily.ts) reports no
 * mismatch; a lab result delivered late changes its past day, which still
 * equals both; bad ranges and regions are refused with stable codes.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkDaily, formatDailyReport, type DailyCheckOptions } from '../../scripts/index-checker/daily.js';
import { seedDatabase } from '../../seed/index.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { MAX_DAILY_DAYS } from '../../subgraphs/shared/snapshot/region-day.js';
import { plusDays, shanghaiDate, shanghaiDayEnd } from '../../subgraphs/shared/time.js';
import { RegionDailyDocument, RegionDashboardDocument } from '../generated/graphql.js';
import { expectError, ok } from '../support/assertions.js';
import { HOUR } from '../support/health-builders.js';
import { labRow, SUBMIT } from '../support/lab-builders.js';
import { asViewer, startTestPlatform, TEST_ADMIN, TEST_CONFIG, tokenFor, type RequestAs, type TestPlatform } from '../support/platform.js';

const ANCHOR = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const DISTRICT = '310118';
let platform: TestPlatform;
let town: string;
let community: string;

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await seedDatabase(platform.test.database, 'test', { anchor: ANCHOR });
  await platform.drainEvents();
  const { regions } = await platform.data(`{ regions(level: COMMUNITY) { code parent { code } } }`);
  community = regions[0].code;
  town = regions[0].parent.code;
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

type Day = NonNullable<NonNullable<Awaited<ReturnType<typeof daily>>['region']>['daily']>[number];
const today = () => shanghaiDate(new Date());
const daily = async (code: string, from: string, to: string) => ok(await platform.gql(RegionDailyDocument, { code, from, to }));
const dashboard = async (code: string, asOf: Date | null) => ok(await platform.gql(RegionDashboardDocument, asOf ? { code, asOf: asOf.toISOString() } : { code })).region!;

/** The fields a day answers, read from a dashboard's region (the same index objects, fewer fields). */
function sameFields(shape: unknown, source: unknown): unknown {
  if (shape === null || typeof shape !== 'object') return source;
  const from = source as Record<string, unknown>;
  return Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, sameFields(value, from[key])]));
}
const indexesOf = ({ date: _, ...indexes }: Day) => indexes;
const checkDays = async (from: string, to: string, changes: Partial<DailyCheckOptions> = {}) =>
  checkDaily({ database: platform.test.database, url: platform.gateway.url, token: await tokenFor(TEST_ADMIN), from, to, testIntervalHours: TEST_CONFIG.testIntervalHours, ...changes });

describe('each day equals RegionDashboard at its last instant', () => {
  test.each([
    ['the district', () => DISTRICT],
    ['a town', () => town],
  ])('%s over 14 days up to today; today is the present dashboard', async (_, code) => {
    const to = today();
    const from = plusDays(to, -13);
    const presentBefore = await dashboard(code(), null);
    const { region } = await daily(code(), from, to);
    const presentAfter = await dashboard(code(), null);
    const days = region!.daily!;
    expect(days.map((day) => day.date)).toEqual(Array.from({ length: 14 }, (_, i) => plusDays(from, i)));
    for (const day of days.slice(0, -1)) {
      expect(indexesOf(day), day.date).toEqual(sameFields(indexesOf(day), await dashboard(code(), shanghaiDayEnd(day.date))));
    }
    // Today is now: the present dashboard just before or just after (a fact may fall due between two requests).
    const todays = indexesOf(days.at(-1)!);
    expect([sameFields(todays, presentBefore), sameFields(todays, presentAfter)]).toContainEqual(todays);
    // Sanity: the days count something, and differ (a range of copies of one day would prove nothing).
    expect(days.every((day) => day.population!.residents > 0)).toBe(true);
    expect(new Set(days.map((day) => JSON.stringify(day.health))).size).toBeGreaterThan(1);
  }, 60_000);

  test('days long before the data are allowed: they count what held then', async () => {
    const { region } = await daily(DISTRICT, '2000-01-01', '2000-01-02');
    for (const day of region!.daily!) expect(indexesOf(day), day.date).toEqual(sameFields(indexesOf(day), await dashboard(DISTRICT, shanghaiDayEnd(day.date))));
  });

  test("a day's index objects list the residents they count (people(index:)), at the day's instant", async () => {
    const to = plusDays(today(), -1);
    const { region } = await platform.data(
      `query($code: ID!, $from: Date!, $to: Date!) { region(code: $code) { daily(from: $from, to: $to) {
        date health { testing { untested72h } people(index: UNTESTED_72H, first: 1) { totalCount } }
        cases { active people(index: ACTIVE, first: 1) { totalCount } } } } }`,
      { code: town, from: plusDays(to, -2), to },
    );
    for (const day of region.daily) {
      expect(day.health.people.totalCount, day.date).toBe(day.health.testing.untested72h);
      expect(day.cases.people.totalCount, day.date).toBe(day.cases.active);
    }
    expect(region.daily.some((day: { health: { testing: { untested72h: number } } }) => day.health.testing.untested72h > 0)).toBe(true);
  });
});

test('the days of a region and of its children cost the statements of the region alone: one evaluation per instant', async () => {
  // Two ranges of five days no other test asks for: answers for past instants are kept (PastIndexesMemo), so a
  // range asked before would cost nothing the second time.
  const range = (to: string) => ({ code: DISTRICT, from: plusDays(to, -4), to });
  const days = `daily(from: $from, to: $to) { date population { residents } health { testing { within72h } } permits { active } cases { active } }`;
  const alone = await platform.test.countStatements(() => platform.data(`query($code: ID!, $from: Date!, $to: Date!) { region(code: $code) { ${days} children { code } } }`, range(plusDays(today(), -40))));
  const withChildren = await platform.test.countStatements(() =>
    platform.data(`query($code: ID!, $from: Date!, $to: Date!) { region(code: $code) { ${days} children { code ${days} } } }`, range(plusDays(today(), -50))),
  );
  expect(withChildren.result.region.children.length).toBeGreaterThan(1);
  expect(withChildren.statements.length).toBe(alone.statements.length);
});

describe('the index checker over a daily range', () => {
  test('every index of every day, district and towns, over 14 days up to today equals the brute force at the day’s last instant', async () => {
    const to = today();
    const result = await checkDays(plusDays(to, -13), to);
    expect(result.days.map((day) => day.asOf.toISOString()).slice(0, -1)).toEqual(result.days.slice(0, -1).map((day) => shanghaiDayEnd(day.date).toISOString()));
    // Sanity: the brute force sees the seeded data on every day (a checker that computes zeros proves nothing).
    expect(result.compared).toBe(14 * result.days[0]!.regions.length * 39);
    expect(result.days.every((day) => day.regions.find((r) => r.level === 'DISTRICT')!.values['population.residents'] > 1000)).toBe(true);
    expect(result.mismatches, formatDailyReport(result)).toEqual([]);
  }, 120_000);

  test('a wrong answer is reported as a mismatch, naming its day', async () => {
    // The brute force with another NO_RECENT_TEST interval than the API's (168 h): the health-code counts differ.
    const yesterday = plusDays(today(), -1);
    const fake = await checkDays(yesterday, yesterday, { testIntervalHours: 24 });
    expect(fake.mismatches.map((m) => [m.date, m.index])).toEqual(expect.arrayContaining([[yesterday, 'health.healthCodes.green']]));
  });
});

test("a lab result delivered now with a result-at yesterday changes yesterday's values, which still equal the dashboard and the brute force", async () => {
  const yesterday = plusDays(today(), -1);
  const end = shanghaiDayEnd(yesterday);
  const dayStart = new Date(end.getTime() + 1 - 24 * HOUR);
  // A resident of the town, not sampled yesterday, with no positive result yet.
  const [resident] = await queryRows<{ id_number: string }>(platform.test.database.db, sql`
    select r.id_number from population.residents r join population.residencies p on p.resident_id = r.id and p.ended_at is null
     where p.community_code like ${`${town}%`}
       and not exists (select 1 from health.samples s where s.resident_id = r.id
                        and (s.sampled_at >= ${dayStart.toISOString()}::timestamptz or s.result = 'POSITIVE'))
     order by r.id limit 1`);
  expect(resident, 'a resident to sample').toBeDefined();
  const range = [plusDays(yesterday, -1), yesterday] as const;
  const before = (await daily(town, ...range)).region!.daily!;

  const sampledAt = new Date(dayStart.getTime() + 10 * HOUR);
  const row = labRow(resident!.id_number, { sampledAt: sampledAt.toISOString(), result: 'POSITIVE', resultAt: new Date(sampledAt.getTime() + 8 * HOUR).toISOString() });
  expect(ok(await platform.gql(SUBMIT, { idempotencyKey: `late-${row.barcode}`, rows: [row] })).submitNucleicAcidResults.accepted).toBe(1);
  await platform.drainEvents();

  const after = (await daily(town, ...range)).region!.daily!;
  expect(after[0]).toEqual(before[0]); // the day before: untouched
  expect(after[1]!.health!.testing.sampledToday).toBe(before[1]!.health!.testing.sampledToday + 1);
  expect(after[1]!.health!.testing.positiveToday).toBe(before[1]!.health!.testing.positiveToday + 1);
  expect(indexesOf(after[1]!)).toEqual(sameFields(indexesOf(after[1]!), await dashboard(town, end)));
  const checked = await checkDays(...range);
  expect(checked.mismatches, formatDailyReport(checked)).toEqual([]);
  expect(checked.days[1]!.regions.find((r) => r.code === town)!.values['health.testing.positiveToday']).toBe(after[1]!.health!.testing.positiveToday);
}, 60_000);

describe('refusals', () => {
  const to = () => today();
  const ask = (variables: { code: string; from: string; to: string }, as?: RequestAs) => platform.gql(RegionDailyDocument, variables, as);

  test('from after to: BAD_USER_INPUT naming `to`; only daily is null, not the region', async () => {
    const response = await ask({ code: DISTRICT, from: to(), to: plusDays(to(), -1) });
    expectError(response, 'BAD_USER_INPUT', { field: 'to', message: 'is before from' });
    expect(response.data!.region).toEqual({ daily: null });
  });

  test(`more than ${MAX_DAILY_DAYS} days: BAD_USER_INPUT naming \`from\`; exactly ${MAX_DAILY_DAYS} is answered`, async () => {
    expectError(await ask({ code: DISTRICT, from: plusDays(to(), -MAX_DAILY_DAYS), to: to() }), 'BAD_USER_INPUT', { field: 'from', message: `at most ${MAX_DAILY_DAYS}` });
    const { region } = ok(await ask({ code: community, from: plusDays(to(), 1 - MAX_DAILY_DAYS), to: to() }));
    expect(region!.daily).toHaveLength(MAX_DAILY_DAYS);
  }, 60_000);

  test('to after today (Asia/Shanghai): BAD_USER_INPUT naming `to`', async () => {
    expectError(await ask({ code: DISTRICT, from: to(), to: plusDays(to(), 1) }), 'BAD_USER_INPUT', { field: 'to', message: 'after today' });
  });

  test('a date that does not exist: BAD_USER_INPUT', async () => {
    expectError(await ask({ code: DISTRICT, from: '2025-02-29', to: to() }), 'BAD_USER_INPUT', { message: '2025-02-29' });
  });

  test('a region outside the scope: FORBIDDEN; above the viewer (their town, which they may name) only daily is null', async () => {
    const worker = asViewer({ id: 'worker', role: 'COMMUNITY_WORKER', regionCode: community });
    const above = await ask({ code: town, from: to(), to: to() }, worker);
    expectError(above, 'FORBIDDEN');
    expect(above.data!.region).toEqual({ daily: null });
    expect(ok(await ask({ code: community, from: to(), to: to() }, worker)).region!.daily).toHaveLength(1);
    const { regions } = await platform.data(`{ regions(level: TOWN) { code } }`);
    const otherTown = regions.find((candidate: { code: string }) => candidate.code !== town).code;
    const elsewhere = await ask({ code: otherTown, from: to(), to: to() }, asViewer({ id: 'officer', role: 'TOWN_OFFICER', regionCode: town }));
    expectError(elsewhere, 'FORBIDDEN');
    expect(elsewhere.data?.region ?? null).toBeNull();
  });

  test('an unknown region: NOT_FOUND', async () => {
    const response = await ask({ code: '310118999', from: to(), to: to() });
    expectError(response, 'NOT_FOUND');
    expect(response.data?.region ?? null).toBeNull();
  });
});
