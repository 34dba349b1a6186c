/**
 * The 39 indexes of `RegionDashboard`, by brute force (the SQL is in
 * brute-force-sql.ts): each subgraph's member rows at T counted per region
 * (district, towns and communities), and the residents behind each index
 * that counts residents, for the drill-down comparison.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../subgraphs/shared/db/database.js';
import { casesMembersSql, healthMembersSql, permitsMembersSql, populationMembersSql, type SqlOptions } from './brute-force-sql.js';

export { shanghaiDay } from './brute-force-sql.js';
/** Every index of the contract's RegionIndexes fragment, by its path in the response. */
export const INDEX_PATHS = [
  'population.residents',
  'population.households',
  'population.registered',
  'population.floating',
  'population.overseas',
  'population.children',
  'population.elderly60Plus',
  'population.elderly80Plus',
  'population.specialCare',
  'health.testing.sampledToday',
  'health.testing.within24h',
  'health.testing.within48h',
  'health.testing.within72h',
  'health.testing.untested72h',
  'health.testing.coverage72h',
  'health.testing.pendingResults',
  'health.testing.positiveToday',
  'health.testing.poolPositivePendingRetest',
  'health.testing.exempt',
  'health.vaccination.firstDose',
  'health.vaccination.fullyVaccinated',
  'health.vaccination.boosted',
  'health.vaccination.coverage',
  'health.vaccination.elderly60PlusFullyVaccinatedRate',
  'health.vaccination.elderly80PlusUnvaccinated',
  'health.healthCodes.green',
  'health.healthCodes.yellow',
  'health.healthCodes.red',
  'health.homeObservation.active',
  'health.venues.abnormalScans24h',
  'permits.pending',
  'permits.active',
  'permits.resumedWorkers',
  'permits.enterprisesResumed',
  'cases.newToday',
  'cases.active',
  'cases.inFacility',
  'cases.discharged',
  'cases.closeContactsInQuarantine',
] as const;
export type IndexPath = (typeof INDEX_PATHS)[number];

/** The rates: compared as floats with a tolerance, the rest exactly. */
export const RATE_PATHS: ReadonlySet<IndexPath> = new Set([
  'health.testing.coverage72h',
  'health.vaccination.coverage',
  'health.vaccination.elderly60PlusFullyVaccinatedRate',
]);

export type IndexValues = Record<IndexPath, number>;

export type Subgraph = 'population' | 'health' | 'permits' | 'cases';
const SUBGRAPHS: readonly Subgraph[] = ['population', 'health', 'permits', 'cases'];

/**
 * The indexes that count residents, with their drill-down enum value (`people(index:)` on the subgraph's index
 * object): the field name in capitals, words split by "_". The brute force's member rows use the same key.
 */
export const PEOPLE_INDEXES: readonly { path: IndexPath; subgraph: Subgraph; value: string }[] = [
  ...(['residents', 'registered', 'floating', 'overseas', 'children', 'elderly60Plus', 'elderly80Plus', 'specialCare'] as const).map((field) => ({
    path: `population.${field}` as IndexPath,
    subgraph: 'population' as const,
    value: enumValue(field),
  })),
  ...(
    [
      'testing.sampledToday', 'testing.within24h', 'testing.within48h', 'testing.within72h', 'testing.untested72h',
      'testing.pendingResults', 'testing.positiveToday', 'testing.poolPositivePendingRetest', 'testing.exempt',
      'vaccination.firstDose', 'vaccination.fullyVaccinated', 'vaccination.boosted', 'vaccination.elderly80PlusUnvaccinated',
      'healthCodes.green', 'healthCodes.yellow', 'healthCodes.red', 'venues.abnormalScans24h',
    ] as const
  ).map((field) => ({ path: `health.${field}` as IndexPath, subgraph: 'health' as const, value: enumValue(field.split('.')[1]!) })),
  { path: 'health.homeObservation.active', subgraph: 'health', value: 'HOME_OBSERVATION_ACTIVE' },
  { path: 'permits.resumedWorkers', subgraph: 'permits', value: 'RESUMED_WORKERS' },
  ...(['newToday', 'active', 'inFacility', 'discharged', 'closeContactsInQuarantine'] as const).map((field) => ({
    path: `cases.${field}` as IndexPath,
    subgraph: 'cases' as const,
    value: enumValue(field),
  })),
];

/** An index field name as an enum value: capitals, words split by "_" (elderly60Plus → ELDERLY_60_PLUS, within24h → WITHIN_24H). */
export function enumValue(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/([a-zA-Z])(\d)/g, '$1_$2').replace(/(\d)([A-Z])/g, '$1_$2').toUpperCase();
}

/** The member-row key each counted (non-rate) index is the count of, where it is not its drill-down enum value. */
const OTHER_KEYS: Partial<Record<IndexPath, string>> = {
  'population.households': 'households',
  'permits.pending': 'pending_permits',
  'permits.active': 'active_permits',
  'permits.enterprisesResumed': 'enterprises_resumed',
};
const subgraphOf = (path: IndexPath) => path.split('.')[0] as Subgraph;

export interface RegionExpectation {
  code: string;
  name: string;
  level: 'DISTRICT' | 'TOWN' | 'COMMUNITY';
  values: IndexValues;
  /** Numerator and denominator behind each rate (for the report). */
  rates: Partial<Record<IndexPath, { numerator: number; denominator: number }>>;
  /** Residents per health-code reason (any colour): what the rules saw, for diagnosis and for tests' coverage. */
  reasons: { activeCase: number; poolPending: number; closeContact: number; noRecentTest: number; homeObservation: number; venueExposure: number };
}

export interface BruteForceOptions {
  /** The district (6-digit code); its towns are the dashboard's other regions. */
  districtCode: string;
  /** The instant T. */
  asOf: Date;
  /** Health code NO_RECENT_TEST interval in hours (configuration, domain default 168). */
  testIntervalHours: number;
}

export interface BruteForceResult {
  /** The district and its towns (the dashboard's regions). */
  regions: RegionExpectation[];
  /** Every community of the district (for the drill-down totals). */
  communities: RegionExpectation[];
  /** The region tree: each community's town (for grouping member rows by region). */
  townOf: Map<string, string>;
  /** Wall time of each of the four statements and in all. */
  millis: { population: number; health: number; permits: number; cases: number; total: number };
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const rate = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

async function rows(database: Database, text: string): Promise<Record<string, unknown>[]> {
  const result = (await database.db.execute(sql.raw(text))) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

const MEMBERS_SQL: Record<Subgraph, (o: SqlOptions) => string> = {
  population: populationMembersSql,
  health: healthMembersSql,
  permits: permitsMembersSql,
  cases: casesMembersSql,
};

/**
 * Which communities each region covers: every community under the district,
 * itself, its town and the district (domain.md: "a query about a region
 * covers every community under it"). From the region tree (parent_code), not
 * from code prefixes.
 */
function regionMapCte(district: string): string {
  const communities = `from population.regions c join population.regions t on c.parent_code = t.code
     where c.level = 'COMMUNITY' and t.level = 'TOWN' and t.parent_code = '${district}'`;
  return `region_map as (
    select c.code as community, c.code as region ${communities}
    union all select c.code, t.code ${communities}
    union all select c.code, t.parent_code ${communities}
  )`;
}

/** Distinct counted ids per region and key: the counts of one subgraph's member rows. */
function countsSql(district: string, members: string): string {
  return `with ${regionMapCte(district)}
  select r.region, m.key, count(distinct m.counted_id)::int as n
  from (${members}) m join region_map r on r.community = m.community_code
  group by r.region, m.key`;
}

/** Computes the 39 indexes of the district, each of its towns and each of its communities at T. */
export async function bruteForceIndexes(database: Database, o: BruteForceOptions): Promise<BruteForceResult> {
  if (!/^\d{6}$/.test(o.districtCode)) throw new Error(`district code must be 6 digits, got "${o.districtCode}"`);
  const started = performance.now();
  const regionRows = await rows(
    database,
    `select d.code, d.name, d.level, null as parent from population.regions d where d.code = '${o.districtCode}'
     union all
     select t.code, t.name, t.level, t.parent_code from population.regions t where t.parent_code = '${o.districtCode}' and t.level = 'TOWN'
     union all
     select c.code, c.name, c.level, c.parent_code from population.regions c join population.regions t on t.code = c.parent_code
      where t.parent_code = '${o.districtCode}' and t.level = 'TOWN' and c.level = 'COMMUNITY'
     order by code`,
  );
  if (!regionRows.some((r) => r.code === o.districtCode)) throw new Error(`district ${o.districtCode} not found in population.regions`);
  const sqlOptions: SqlOptions = { asOf: o.asOf, testIntervalHours: o.testIntervalHours };

  // One statement at a time: PGlite has one connection, and timings stay readable.
  const counts = new Map<string, number>();
  const millis = { population: 0, health: 0, permits: 0, cases: 0, total: 0 };
  for (const subgraph of SUBGRAPHS) {
    const [list, ms] = await timed(() => rows(database, countsSql(o.districtCode, MEMBERS_SQL[subgraph](sqlOptions))));
    millis[subgraph] = ms;
    for (const row of list) counts.set(`${row.region}/${subgraph}/${row.key}`, num(row.n));
  }
  const count = (region: string, subgraph: Subgraph, key: string) => counts.get(`${region}/${subgraph}/${key}`) ?? 0;
  const keyOf = (path: IndexPath) => OTHER_KEYS[path] ?? PEOPLE_INDEXES.find((p) => p.path === path)!.value;

  const expectation = (region: Record<string, unknown>): RegionExpectation => {
    const code = String(region.code);
    const h = (key: string) => count(code, 'health', key);
    const rates: RegionExpectation['rates'] = {
      'health.testing.coverage72h': { numerator: h('nonexempt_within72'), denominator: h('nonexempt') },
      'health.vaccination.coverage': { numerator: h('FULLY_VACCINATED'), denominator: h('residents') },
      'health.vaccination.elderly60PlusFullyVaccinatedRate': { numerator: h('elderly60_fully'), denominator: h('elderly60') },
    };
    const values = Object.fromEntries(
      INDEX_PATHS.map((path) => {
        const ratio = rates[path];
        return [path, ratio ? rate(ratio.numerator, ratio.denominator) : count(code, subgraphOf(path), keyOf(path))];
      }),
    ) as IndexValues;
    const reasons = {
      activeCase: h('reason_active_case'),
      poolPending: h('POOL_POSITIVE_PENDING_RETEST'),
      closeContact: h('reason_close_contact'),
      noRecentTest: h('reason_no_recent_test'),
      homeObservation: h('HOME_OBSERVATION_ACTIVE'),
      venueExposure: h('reason_venue_exposure'),
    };
    return { code, name: String(region.name), level: region.level as RegionExpectation['level'], values, rates, reasons };
  };

  millis.total = performance.now() - started;
  return {
    regions: regionRows.filter((r) => r.level !== 'COMMUNITY').map(expectation),
    communities: regionRows.filter((r) => r.level === 'COMMUNITY').map(expectation),
    townOf: new Map(regionRows.filter((r) => r.level === 'COMMUNITY').map((r) => [String(r.code), String(r.parent)])),
    millis,
  };
}

/** One member row: index `key` counts the resident in the community at T. */
export interface MemberRow {
  key: string;
  residentId: number;
  communityCode: string;
}

/**
 * The residents behind one subgraph's indexes that count residents at T, per community they count in: every member
 * row at test size, or (residentIds given) only those of these residents, so that a large district never holds
 * its whole lists in memory.
 */
export async function bruteForceMembers(
  database: Database,
  o: BruteForceOptions,
  subgraph: Subgraph,
  filter: { keys?: readonly string[]; residentIds?: readonly number[] } = {},
): Promise<MemberRow[]> {
  const keys = filter.keys ?? PEOPLE_INDEXES.filter((p) => p.subgraph === subgraph).map((p) => p.value);
  if (keys.some((key) => !/^[A-Z0-9_]+$/.test(key))) throw new Error(`not an index of residents: ${keys.join(', ')}`);
  if (filter.residentIds?.length === 0) return [];
  const ids = filter.residentIds?.map((id) => (Number.isSafeInteger(id) ? String(id) : 'null')).join(', ');
  const members = MEMBERS_SQL[subgraph]({ asOf: o.asOf, testIntervalHours: o.testIntervalHours });
  const list = await rows(
    database,
    `select distinct m.key, m.counted_id, m.community_code from (${members}) m
      where m.key in (${keys.map((k) => `'${k}'`).join(', ')})${ids ? ` and m.counted_id in (${ids})` : ''}`,
  );
  return list.map((row) => ({ key: String(row.key), residentId: Number(row.counted_id), communityCode: String(row.community_code) }));
}
