/**
 * The index checker: the 39 indexes of `RegionDashboard` for a district and
 * its towns at an instant T, by brute-force SQL (brute-force.ts), compared
 * with what the API answers to the contract's `RegionDashboard` operation
 * (tests/contract/operations.graphql) for the same T. Counts must be equal;
 * rates (floats) equal within 1e-12. Then, optionally, the residents behind
 * each index that counts residents (people.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode } from 'graphql';
import type { Database } from '../../subgraphs/shared/db/database.js';
import { bruteForceIndexes, INDEX_PATHS, type BruteForceResult, type RegionExpectation } from './brute-force.js';
import { compareRegions, type AnsweredRegion } from './compare.js';
import { postGraphql, type Mismatch } from './graphql-client.js';
import { checkListTotalsNow } from './list-totals.js';
import { checkPeople } from './people.js';

export type { Mismatch } from './graphql-client.js';

export const DEFAULT_DISTRICT = '310118';

export const OPERATIONS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../tests/contract/operations.graphql');

/** The RegionDashboard operation and the fragments it uses, as one document (printed from the contract's file). */
export function regionDashboardDocument(file = OPERATIONS_FILE): string {
  const document = parse(readFileSync(file, 'utf8'));
  const byName = new Map<string, DefinitionNode>();
  for (const definition of document.definitions) {
    if ((definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) && definition.name) {
      byName.set(`${definition.kind}:${definition.name.value}`, definition);
    }
  }
  const operation = byName.get(`${Kind.OPERATION_DEFINITION}:RegionDashboard`);
  if (!operation) throw new Error(`No RegionDashboard operation in ${file}`);
  const needed: DefinitionNode[] = [operation];
  for (let i = 0; i < needed.length; i++) {
    visit(needed[i]!, {
      FragmentSpread(node) {
        const fragment = byName.get(`${Kind.FRAGMENT_DEFINITION}:${node.name.value}`);
        if (fragment && !needed.includes(fragment)) needed.push(fragment);
      },
    });
  }
  return print({ kind: Kind.DOCUMENT, definitions: needed } as DocumentNode);
}

export interface CheckOptions {
  /** The database the API serves (read by the brute force only). */
  database: Database;
  /** GraphQL endpoint of the gateway. */
  url: string;
  /** A token whose viewer sees the whole district (a DISTRICT_ADMIN's, or an ANALYST's of the district). */
  token: string;
  /** The instant T; default now, truncated to the second. */
  asOf?: Date;
  /**
   * Ask the API for the present (no asOf: the live snapshot) instead of a given instant. Its answer is at some
   * instant between just before and just after the request: the brute force runs at both and the API must equal
   * them (when the two differ, a fact changed within the request, and the check is taken again).
   */
  present?: boolean;
  districtCode?: string;
  /** NO_RECENT_TEST interval (configuration TEST_INTERVAL_HOURS, default 168). */
  testIntervalHours?: number;
  /** Extra warm API calls, for a median (the first call is always made and compared). */
  apiRepeats?: number;
  /**
   * Also compare the drill-down lists (`people(index:)`) at the same instant: "sets" reads every page and compares
   * the residents (test size), "totals" only totalCount and the first page (district size). "same-request" (with
   * `present`): every list of every region against its index in the same request (list-totals.ts), the district-size
   * check of the present's lists. Default: not compared.
   */
  people?: { mode: 'sets' | 'totals' | 'same-request'; communities?: number; include?: readonly string[] };
}

export interface CheckResult {
  asOf: Date;
  regions: RegionExpectation[];
  mismatches: Mismatch[];
  /** Number of values compared (regions × 39). */
  compared: number;
  /** Drill-down lists compared (index × region), when asked for; their mismatches are in `mismatches`. */
  peopleCompared: number;
  bruteForce: BruteForceResult['millis'];
  api: { firstMillis: number; warmMillis: number[]; medianMillis: number };
}

async function askApi({ url, token }: Pick<CheckOptions, 'url' | 'token'>, document: string, code: string, asOf: Date | null): Promise<[{ region: AnsweredRegion & { children: AnsweredRegion[] } }, number]> {
  const started = performance.now();
  const body = await postGraphql<any>(url, token, document, asOf ? { code, asOf: asOf.toISOString() } : { code }, 'RegionDashboard');
  const millis = performance.now() - started;
  if (body.errors?.length) throw new Error(`RegionDashboard answered with errors: ${JSON.stringify(body.errors, null, 2)}`);
  if (!body.data?.region) throw new Error(`RegionDashboard: no region ${code} in ${JSON.stringify(body).slice(0, 500)}`);
  return [body.data, millis];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Runs the brute force and the API at the same T and compares every index of every region. */
export async function checkIndexes(options: CheckOptions): Promise<CheckResult> {
  const districtCode = options.districtCode ?? DEFAULT_DISTRICT;
  const document = regionDashboardDocument();
  const bruteForceAt = (asOf: Date) =>
    bruteForceIndexes(options.database, { districtCode, asOf, testIntervalHours: options.testIntervalHours ?? 168 });

  let asOf: Date;
  let expected: Awaited<ReturnType<typeof bruteForceIndexes>>;
  let data: DashboardData;
  let firstMillis: number;
  if (options.present) {
    for (let attempt = 1; ; attempt++) {
      const before = new Date();
      [data, firstMillis] = await askApi(options, document, districtCode, null);
      const after = new Date();
      [asOf, expected] = [before, await bruteForceAt(before)];
      // Equal to the brute force just before the request: compared below (and found equal). Otherwise the answer may
      // be at an instant where something changed within the request: compare only if nothing did.
      if (compare(expected.regions, data).mismatches.length === 0) break;
      if (JSON.stringify((await bruteForceAt(after)).regions) === JSON.stringify(expected.regions)) break;
      if (attempt === 3) throw new Error('the indexes changed within each of 3 requests: no single instant to compare the present with');
    }
  } else {
    asOf = options.asOf ?? new Date(Math.floor(Date.now() / 1000) * 1000);
    expected = await bruteForceAt(asOf);
    [data, firstMillis] = await askApi(options, document, districtCode, asOf);
  }
  const warmMillis: number[] = [];
  for (let i = 0; i < (options.apiRepeats ?? 0); i++) warmMillis.push((await askApi(options, document, districtCode, options.present ? null : asOf))[1]);

  const { mismatches, compared } = compare(expected.regions, data);
  let peopleCompared = 0;
  if (options.people?.mode === 'same-request') {
    const lists = await checkListTotalsNow(options.url, options.token, [...expected.regions, ...expected.communities].map((region) => region.code));
    mismatches.push(...lists.mismatches);
    peopleCompared = lists.compared;
  } else if (options.people) {
    const people = await checkPeople({
      database: options.database,
      url: options.url,
      token: options.token,
      bruteForce: { districtCode, asOf, testIntervalHours: options.testIntervalHours ?? 168 },
      expected,
      mode: options.people.mode,
      communities: options.people.communities ?? 4,
      include: options.people.include,
    });
    mismatches.push(...people.mismatches);
    peopleCompared = people.compared;
  }
  return {
    asOf,
    regions: expected.regions,
    mismatches,
    compared,
    peopleCompared,
    bruteForce: expected.millis,
    api: { firstMillis, warmMillis, medianMillis: median(warmMillis.length ? warmMillis : [firstMillis]) },
  };
}

export const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** A human-readable report: timings, then the mismatches (or that there are none). */
export function formatReport(result: CheckResult): string {
  const b = result.bruteForce;
  const lines = [
    `Index check at ${result.asOf.toISOString()}: ${result.regions.length} regions × ${INDEX_PATHS.length} indexes = ${result.compared} values compared` +
      (result.peopleCompared ? `, ${result.peopleCompared} drill-down lists.` : '.'),
    `Brute-force SQL: ${ms(b.total)} (population ${ms(b.population)}, health ${ms(b.health)}, permits ${ms(b.permits)}, cases ${ms(b.cases)}).`,
    `API RegionDashboard: first call ${ms(result.api.firstMillis)}` +
      (result.api.warmMillis.length ? `, median of ${result.api.warmMillis.length} warm calls ${ms(result.api.medianMillis)}` : '') +
      `; brute force / API = ${(b.total / result.api.medianMillis).toFixed(1)}×.`,
  ];
  const district = result.regions.find((r) => r.level === 'DISTRICT');
  if (district) {
    const r = district.reasons;
    lines.push(
      `District ${district.code}: ${district.values['population.residents']} residents; residents per health-code reason: ` +
        `ACTIVE_CASE ${r.activeCase}, POOL_POSITIVE_PENDING_RETEST ${r.poolPending}, CLOSE_CONTACT ${r.closeContact}, ` +
        `NO_RECENT_TEST ${r.noRecentTest}, HOME_OBSERVATION ${r.homeObservation}, VENUE_EXPOSURE ${r.venueExposure}.`,
    );
  }
  if (result.mismatches.length === 0) {
    lines.push('No mismatches.');
  } else {
    lines.push(`${result.mismatches.length} mismatch(es):`);
    lines.push(
      table(
        ['region', 'name', 'index', 'expected', 'got'],
        result.mismatches.map((m) => [m.region, m.regionName, m.index, m.expected, m.got]),
      ),
    );
  }
  return lines.join('\n');
}

type DashboardData = Awaited<ReturnType<typeof askApi>>[0];

/** The dashboard's region and its children, by code, against the brute force. */
function compare(regions: RegionExpectation[], data: DashboardData): { mismatches: Mismatch[]; compared: number } {
  return compareRegions(regions, new Map([[data.region.code, data.region], ...data.region.children.map((c) => [c.code, c] as const)]));
}
