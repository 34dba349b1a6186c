/**
 * The health history (statistics/health-history.ts) against the SQL path
 * (healthColumnsAt): on the `test` data set, at many past instants within the
 * window (random ones, and each side of the instants where facts start or
 * stop holding: samplings, results, period ends, doses, exemptions,
 * quarantines, observations, exposures), the indexes of the district and its
 * towns and the residents behind every index must be the same. Then a late
 * lab result through the API, its result instant in the past, must change the
 * past instant it falls before, in the history (read again through
 * fact_changes) as in SQL, and through Region.health(asOf).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// The platform first: it loads the decorator metadata the statistics' GraphQL types need.
import { startTestPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';
import { seedDatabase } from '../../seed/index.js';
import { Random } from '../../seed/random.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { WHOLE_DISTRICT } from '../../subgraphs/shared/snapshot/region-statistics.js';
import { StatisticsHistory } from '../../subgraphs/shared/snapshot/statistics-history.js';
import { healthHistorySource } from '../../subgraphs/health/statistics/health-history.js';
import { readExposures } from '../../subgraphs/health/statistics/health-history.queries.js';
import type { HealthIndexColumns } from '../../subgraphs/health/statistics/health-indexes.js';
import { healthColumnsAt } from '../../subgraphs/health/statistics/health-indexes.queries.js';
import { HealthIndex } from '../../subgraphs/health/statistics/health-indexes.type.js';
import { labRow, SUBMIT } from '../support/lab-builders.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const DAYS = 31;
const ANCHOR = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const rules = { testIntervalHours: TEST_CONFIG.testIntervalHours };

let platform: TestPlatform;
let history: StatisticsHistory<unknown, HealthIndexColumns>;
let regions: string[];

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await seedDatabase(platform.test.database, 'test', { anchor: ANCHOR });
  await platform.drainEvents();
  history = new StatisticsHistory(platform.test.database.db, healthHistorySource(rules, DAYS), DAYS, () => {});
  const towns = await rows<{ town: string }>(sql`select distinct left(community_code, 9) as town from health.residence_periods order by 1`);
  regions = [WHOLE_DISTRICT, ...towns.map((row) => row.town)];
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

/** The history's columns at `at`, brought up to date first (null: outside its window). */
async function historyColumnsAt(at: Date): Promise<HealthIndexColumns | null> {
  await history.bringUpToDate();
  return history.covers(at) ? history.columnsAt(regions, at) : null;
}

function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return queryRows<T>(platform.test.database.db, query);
}

/** Each index's residents in a region, per community (as peopleAt groups them), IDs sorted. */
function peopleOf(columns: HealthIndexColumns, at: Date, region: string) {
  return Object.values(HealthIndex).map((index) => ({
    index,
    communities: columns.peopleAt(index, at, region).map((community) => ({ code: community.communityCode, ids: [...community.residentIds()].sort((a, b) => a - b) })),
  }));
}

/** Both paths at `at`: the indexes of every region, and every list of the district and of one town. */
async function expectSameAt(at: Date, label: string): Promise<HealthIndexColumns> {
  const fromHistory = await historyColumnsAt(at);
  expect(fromHistory, `${label}: within the window`).not.toBeNull();
  const fromSql = await healthColumnsAt(platform.test.database.db, regions, at, rules);
  expect(fromHistory!.indexesAt(at, regions), label).toEqual(fromSql.indexesAt(at, regions));
  for (const region of [WHOLE_DISTRICT, regions[1]!]) expect(peopleOf(fromHistory!, at, region), `${label} in ${region || 'the district'}`).toEqual(peopleOf(fromSql, at, region));
  return fromHistory!;
}

/** Up to `count` of the instants a query gives, spread over them, within (since, now). */
async function instantsOf(what: string, query: ReturnType<typeof sql>, count: number): Promise<[string, number][]> {
  const since = Date.now() - (DAYS - 1) * DAY;
  const found = (await rows<{ at: string }>(query)).map((row) => Date.parse(String(row.at).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')));
  const inWindow = [...new Set(found)].filter((at) => at > since && at < ANCHOR.getTime()).sort((a, b) => a - b);
  const step = Math.max(1, Math.floor(inWindow.length / count));
  return inWindow.filter((_, k) => k % step === 0).slice(0, count).map((at) => [what, at]);
}

describe('the history path equals the SQL path', () => {
  test('at random instants within the window', async () => {
    const random = new Random('health-history');
    for (let k = 0; k < 12; k++) {
      const at = new Date(ANCHOR.getTime() - Math.floor(random.next() * (DAYS - 1) * DAY));
      await expectSameAt(at, `random ${at.toISOString()}`);
    }
  }, 300_000);

  test('each side of the instants where facts start or stop holding', async () => {
    const exposures = await platform.test.database.db.transaction((tx) => readExposures(tx as never, new Date(Date.now() - DAYS * DAY)));
    const edges: [string, number][] = [
      ...(await instantsOf('a sampling', sql`select sampled_at as at from health.samples`, 4)),
      ...(await instantsOf('a result', sql`select result_at as at from health.samples where result_at is not null`, 4)),
      ...(await instantsOf('a positive pool result', sql`select result_at as at from health.samples where tube_type = 'POOLED' and result = 'POSITIVE'`, 3)),
      ...(await instantsOf('an individual positive result', sql`select result_at as at from health.samples where tube_type = 'SINGLE' and result = 'POSITIVE'`, 3)),
      ...(await instantsOf('a sample + 72 h', sql`select sampled_at + interval '72 hours' as at from health.samples`, 2)),
      ...(await instantsOf('a sample + the test interval', sql`select sampled_at + ${`${rules.testIntervalHours} hours`}::interval as at from health.samples`, 2)),
      ...(await instantsOf('a period ends', sql`select ended_at as at from health.residence_periods where ended_at is not null`, 3)),
      ...(await instantsOf('a period starts', sql`select started_at as at from health.residence_periods`, 2)),
      ...(await instantsOf('a dose', sql`select administered_at as at from health.doses`, 3)),
      ...(await instantsOf('an exemption starts', sql`select starts_at as at from health.exemptions`, 2)),
      ...(await instantsOf('an exemption ends', sql`select ends_at as at from health.exemptions where ends_at is not null`, 2)),
      ...(await instantsOf('a case starts', sql`select active_from as at from health.case_facts`, 2)),
      ...(await instantsOf('a case ends', sql`select active_until as at from health.case_facts where active_until is not null`, 2)),
      ...(await instantsOf('a quarantine starts', sql`select starts_at as at from health.quarantines`, 2)),
      ...(await instantsOf('a quarantine is released', sql`select released_at as at from health.quarantines where released_at is not null`, 2)),
      ...(await instantsOf('a quarantine ends', sql`select ends_at as at from health.quarantines`, 2)),
      ...(await instantsOf('an observation starts', sql`select started_at as at from health.home_observations`, 2)),
      ...(await instantsOf('an observation reaches its planned end', sql`select planned_end_at as at from health.home_observations`, 2)),
      ...(await instantsOf('an abnormal scan + 24 h', sql`select scanned_at + interval '24 hours' as at from health.scans where color_shown <> 'GREEN'`, 2)),
      ...[...exposures.knownFrom].slice(0, 3).map((at): [string, number] => ['an exposure becomes known', at]),
      ...[...exposures.scannedAt].slice(0, 2).map((at): [string, number] => ['an exposure lapses from the list', at + 14 * DAY]),
    ].filter(([, at]) => at < Date.now() - HOUR);
    // Every kind of fact the seed makes is exercised (cases and quarantines come through the cases events).
    const kinds = new Set(edges.map(([what]) => what));
    for (const kind of ['a sampling', 'a result', 'a positive pool result', 'a period ends', 'a dose', 'an exemption starts', 'a case starts', 'a quarantine starts', 'an observation starts', 'an exposure becomes known']) {
      expect(kinds, kind).toContain(kind);
    }
    for (const [what, at] of edges) {
      for (const delta of [-1, 0, 1]) await expectSameAt(new Date(at + delta), `${what} ${delta >= 0 ? '+' : ''}${delta} ms (${new Date(at).toISOString()})`);
    }
  }, 600_000);
});

describe('a late lab result changes a past instant', () => {
  test('a PENDING sample, then its result with result-at before T: pending at T until then, not after; through the API too', async () => {
    const at = new Date(ANCHOR.getTime() - 3 * DAY - 17 * 60_000);
    // A resident living at T and now, with no sample in the 5 hours before T.
    const [resident] = await rows<{ resident_id: number; id_number: string; community_code: string }>(sql`
      select rp.resident_id, pe.id_number, rp.community_code from health.residence_periods rp join health.people pe using (resident_id)
      where rp.started_at <= ${at.toISOString()}::timestamptz and rp.ended_at is null
        and not exists (select 1 from health.samples s where s.resident_id = rp.resident_id
          and s.sampled_at between ${at.toISOString()}::timestamptz - interval '5 hours' and ${at.toISOString()}::timestamptz)
      order by rp.resident_id limit 1`);
    expect(resident).toBeDefined();
    const id = Number(resident!.resident_id);
    const pendingAt = async () => (await historyColumnsAt(at))!.peopleAt(HealthIndex.PENDING_RESULTS, at, WHOLE_DISTRICT).some((community) => community.residentIds().includes(id));
    const apiPending = async () =>
      (await platform.data(`query($code: ID!, $asOf: DateTime) { region(code: $code) { health(asOf: $asOf) { testing { pendingResults } } } }`, { code: resident!.community_code, asOf: at.toISOString() })).region.health.testing.pendingResults as number;
    const before = await apiPending();

    const row = labRow(resident!.id_number, { sampledAt: new Date(at.getTime() - 5 * HOUR).toISOString(), result: 'PENDING', resultAt: null });
    expect((await platform.data(SUBMIT, { idempotencyKey: `history-${row.barcode}-1`, rows: [row] })).submitNucleicAcidResults.accepted).toBe(1);
    expect(await pendingAt()).toBe(true);
    await expectSameAt(at, 'with the sample pending');
    expect(await apiPending()).toBe(before + 1);

    const late = { ...row, result: 'NEGATIVE', resultAt: new Date(at.getTime() - HOUR).toISOString() };
    expect((await platform.data(SUBMIT, { idempotencyKey: `history-${row.barcode}-2`, rows: [late] })).submitNucleicAcidResults.accepted).toBe(1);
    expect(await pendingAt()).toBe(false);
    await expectSameAt(at, 'with its result in');
    await expectSameAt(new Date(at.getTime() - HOUR - 1), 'just before its result');
    expect(await apiPending()).toBe(before);
  }, 120_000);
});

describe('unmatched samples', () => {
  test('a positive pool of nobody yet, stored before a resident\'s, is nobody\'s: the resident\'s pool counts from its own result', async () => {
    const [resident] = await rows<{ resident_id: number; id_number: string }>(sql`
      select rp.resident_id, pe.id_number from health.residence_periods rp join health.people pe using (resident_id)
      where rp.ended_at is null and rp.started_at < now() - interval '10 days'
        and not exists (select 1 from health.samples s where s.resident_id = rp.resident_id and s.tube_type = 'POOLED' and s.result = 'POSITIVE')
      order by rp.resident_id desc limit 1`);
    const stranger = platform.seed.identityNumber('1980-02-03', 'FEMALE');
    const pool = (idNumber: string, sampledAt: number, resultAt: number) =>
      labRow(idNumber, { tubeType: 'POOLED', poolBarcode: `P-${idNumber.slice(-6)}-${sampledAt}`, result: 'POSITIVE', sampledAt: new Date(sampledAt).toISOString(), resultAt: new Date(resultAt).toISOString() });
    const [strangerSampled, sampled] = [ANCHOR.getTime() - 4 * DAY, ANCHOR.getTime() - 3 * DAY];
    for (const row of [pool(stranger, strangerSampled, strangerSampled + 6 * HOUR), pool(resident!.id_number, sampled, sampled + 5 * HOUR)]) {
      expect((await platform.data(SUBMIT, { idempotencyKey: `history-${row.barcode}`, rows: [row] })).submitNucleicAcidResults.accepted).toBe(1);
    }
    // Read whole, now that the unmatched sample lies among the others.
    history = new StatisticsHistory(platform.test.database.db, healthHistorySource(rules, DAYS), DAYS, () => {});
    const pending = async (at: number) =>
      (await expectSameAt(new Date(at), `pool pending ${new Date(at).toISOString()}`))
        .peopleAt(HealthIndex.POOL_POSITIVE_PENDING_RETEST, new Date(at), WHOLE_DISTRICT)
        .some((community) => community.residentIds().includes(Number(resident!.resident_id)));
    expect(await pending(strangerSampled + 6 * HOUR)).toBe(false);
    expect(await pending(sampled + 5 * HOUR - 1)).toBe(false);
    expect(await pending(sampled + 5 * HOUR)).toBe(true);
  }, 120_000);
});

