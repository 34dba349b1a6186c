/**
 * The index checker over a daily range: the 39 indexes of every day of
 * `Region.daily(from, to)` for the district and its towns, in one request,
 * each day compared with the brute force at that day's last instant in
 * Asia/Shanghai (today: at the moment of asking, as the present dashboard's
 * check does). The indexes asked for are the contract's RegionIndexes
 * fragment, so a day is checked for exactly what a dashboard is.
 */
import { readFileSync } from 'node:fs';
import { Kind, parse, print, type FieldNode, type FragmentDefinitionNode, type SelectionNode } from 'graphql';
import type { Database } from '../../subgraphs/shared/db/database.js';
import { daysFromTo, plusDays, shanghaiDate, shanghaiDayEnd } from '../../subgraphs/shared/time.js';
import { bruteForceIndexes, INDEX_PATHS, type RegionExpectation } from './brute-force.js';
import { DEFAULT_DISTRICT, ms, OPERATIONS_FILE, table } from './checker.js';
import { compareRegions, type AnsweredRegion } from './compare.js';
import { postGraphql, type Mismatch } from './graphql-client.js';

export interface DailyCheckOptions {
  /** The database the API serves (read by the brute force only). */
  database: Database;
  /** GraphQL endpoint of the gateway. */
  url: string;
  /** A token whose viewer sees the whole district. */
  token: string;
  /** The first and last day (YYYY-MM-DD, Asia/Shanghai), at most 92 days, `to` today at the latest. */
  from: string;
  to: string;
  districtCode?: string;
  /** NO_RECENT_TEST interval (configuration TEST_INTERVAL_HOURS, default 168). */
  testIntervalHours?: number;
}

/** One day's comparison: the instant the brute force counted at, and what differed. */
export interface DayCheck {
  date: string;
  asOf: Date;
  regions: RegionExpectation[];
  compared: number;
  mismatches: Mismatch[];
}

export interface DailyCheckResult {
  from: string;
  to: string;
  days: DayCheck[];
  /** Every day's mismatches, each naming its day. */
  mismatches: (Mismatch & { date: string })[];
  compared: number;
  apiMillis: number;
  bruteForceMillis: number;
}

/** The index objects of the contract's RegionIndexes fragment, without their `asOf` (a day has its own instant). */
function dayIndexesSelection(file = OPERATIONS_FILE): string {
  const fragment = parse(readFileSync(file, 'utf8')).definitions.find(
    (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === 'RegionIndexes',
  );
  if (!fragment) throw new Error(`No RegionIndexes fragment in ${file}`);
  const indexObjects = fragment.selectionSet.selections.filter((selection): selection is FieldNode => selection.kind === Kind.FIELD && selection.selectionSet !== undefined);
  return indexObjects.map((field) => print({ ...field, arguments: [] } as SelectionNode)).join('\n');
}

export function regionDailyCheckDocument(): string {
  const days = `daily(from: $from, to: $to) { date ${dayIndexesSelection()} }`;
  return `query RegionDailyCheck($code: ID!, $from: Date!, $to: Date!) {
    region(code: $code) { code name level ${days} children { code name level ${days} } }
  }`;
}

type DailyRegion = AnsweredRegion & { daily: ({ date: string } & Record<string, unknown>)[] | null };

/** Asks the API for every day of the range, then compares each day with the brute force at its last instant. */
export async function checkDaily(options: DailyCheckOptions): Promise<DailyCheckResult> {
  const districtCode = options.districtCode ?? DEFAULT_DISTRICT;
  const dates = Array.from({ length: daysFromTo(options.from, options.to) }, (_, i) => plusDays(options.from, i));
  const bruteForceAt = (asOf: Date) => bruteForceIndexes(options.database, { districtCode, asOf, testIntervalHours: options.testIntervalHours ?? 168 });

  const before = new Date();
  const started = performance.now();
  const body = await postGraphql<{ region: DailyRegion & { children: DailyRegion[] } }>(
    options.url,
    options.token,
    regionDailyCheckDocument(),
    { code: districtCode, from: options.from, to: options.to },
    'RegionDailyCheck',
  );
  const apiMillis = performance.now() - started;
  const after = new Date();
  if (body.errors?.length) throw new Error(`RegionDaily answered with errors: ${JSON.stringify(body.errors, null, 2)}`);
  if (!body.data?.region) throw new Error(`RegionDaily: no region ${districtCode} in ${JSON.stringify(body).slice(0, 500)}`);
  const answered = [body.data.region, ...body.data.region.children];

  const days: DayCheck[] = [];
  const mismatches: DailyCheckResult['mismatches'] = [];
  let bruteForceMillis = 0;
  for (const [i, date] of dates.entries()) {
    const got = new Map<string, AnsweredRegion>();
    const wrongDays: Mismatch[] = [];
    for (const region of answered) {
      const day = region.daily?.[i];
      if (day?.date === date) got.set(region.code, { ...day, code: region.code, name: region.name, level: region.level });
      else wrongDays.push({ region: region.code, regionName: region.name, index: '(day)', expected: date, got: day?.date ?? 'missing' });
    }
    // Today is the present: counted at some instant of the request, so compared with the brute force just before
    // it and, when that differs (a fact fell due or changed within the request), just after it.
    const today = date === shanghaiDate(before);
    let asOf = today ? before : shanghaiDayEnd(date);
    let expected = await bruteForceAt(asOf);
    let result = compareRegions(expected.regions, got);
    if (today && result.mismatches.length > 0) {
      const later = await bruteForceAt(after);
      if (JSON.stringify(later.regions) !== JSON.stringify(expected.regions)) [asOf, expected, result] = [after, later, compareRegions(later.regions, got)];
    }
    bruteForceMillis += expected.millis.total;
    const dayMismatches = [...wrongDays, ...result.mismatches];
    days.push({ date, asOf, regions: expected.regions, compared: result.compared, mismatches: dayMismatches });
    mismatches.push(...dayMismatches.map((mismatch) => ({ ...mismatch, date })));
  }
  return { from: options.from, to: options.to, days, mismatches, compared: days.reduce((sum, day) => sum + day.compared, 0), apiMillis, bruteForceMillis };
}

/** A human-readable report: timings, each day's comparison, then the mismatches (or that there are none). */
export function formatDailyReport(result: DailyCheckResult): string {
  const regions = result.days[0]?.regions.length ?? 0;
  const lines = [
    `Daily index check ${result.from} to ${result.to}: ${result.days.length} days × ${regions} regions × ${INDEX_PATHS.length} indexes = ${result.compared} values compared.`,
    `API RegionDaily (every day of every region, one request): ${ms(result.apiMillis)}. Brute-force SQL: ${ms(result.bruteForceMillis)} for ${result.days.length} instants.`,
    table(
      ['date', 'counted at', 'district residents', 'mismatches'],
      result.days.map((day) => [day.date, day.asOf.toISOString(), day.regions.find((r) => r.level === 'DISTRICT')?.values['population.residents'] ?? '-', day.mismatches.length]),
    ),
  ];
  if (result.mismatches.length === 0) {
    lines.push('No mismatches.');
  } else {
    lines.push(`${result.mismatches.length} mismatch(es):`);
    lines.push(table(['date', 'region', 'name', 'index', 'expected', 'got'], result.mismatches.map((m) => [m.date, m.region, m.regionName, m.index, m.expected, m.got])));
  }
  return lines.join('\n');
}
