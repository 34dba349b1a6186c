/**
 * Loads a synthetic Qingpu into the population and health subgraphs' tables
 * with COPY. The population generator runs once per population table
 * (regenerating is cheaper than holding 1.27 million people in memory, and
 * deterministic generation makes every run yield the same rows; the tables
 * reference each other, so they load one after another). The health tables
 * reference nothing the same run loads, so they load together from one more
 * run: each community's population yields its health rows, streamed to one
 * COPY per table.
 */
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  doses,
  exemptions,
  homeObservations,
  people,
  residencePeriods,
  samples,
  scans,
  venues as venuesTable,
} from '../subgraphs/health/db.js';
import { households, regions, residencies, residents, residentTags } from '../subgraphs/population/db.js';
import { queryRows, type Database } from '../subgraphs/shared/db/database.js';
import type { DataSetSize } from '../subgraphs/shared/config.js';
import { seedCases } from './cases.js';
import { copyConcurrently, copyRows, qualifiedName } from './copy.js';
import { HealthGenerator, type CommunityHealth } from './health/index.js';
import { seedPermits } from './permits.js';
import { generatePopulation, type CommunityPopulation, type PopulationPlan } from './population.js';
import { qingpuRegions, type Community, type Region } from './regions.js';
import { venueDirectory } from './venues.js';

export interface SeedOptions {
  /** Every generated timestamp is at or before it; default: the start of the current hour. */
  anchor?: Date;
  onProgress?: (message: string) => void;
}

export interface SeedSummary {
  regions: number;
  households: number;
  residents: number;
  residencies: number;
  residentTags: number;
  venues: number;
  /** health.people: one per resident. */
  people: number;
  residencePeriods: number;
  exemptions: number;
  samples: number;
  doses: number;
  homeObservations: number;
  scans: number;
  /** Positive cases (seed/cases.ts). */
  cases: number;
  /** Enterprises and work permits (seed/permits.ts). */
  enterprises: number;
  workPermits: number;
  millis: number;
}

export const SEED_SIZES: Record<DataSetSize, { residents: number }> = {
  test: { residents: 2_000 },
  demo: { residents: 20_000 },
  district: { residents: 1_270_000 },
};

const PROGRESS_EVERY = 50_000; // residents

type Report = (message: string) => void;

/** A generated table and how to load it from a fresh run of the generator. */
function peopleTable<K extends string, T extends PgTable>(key: K, table: T, rows: (community: CommunityPopulation) => T['$inferSelect'][]) {
  return {
    key,
    table,
    copy: (database: Database, plan: PopulationPlan, report: Report) => copyRows(database, table, rowsWithProgress(plan, rows, key, report)),
  };
}

/** In foreign-key order. */
const PEOPLE_TABLES = [
  peopleTable('households', households, (c) => c.households),
  peopleTable('residents', residents, (c) => c.residents),
  peopleTable('residencies', residencies, (c) => c.residencies),
  peopleTable('residentTags', residentTags, (c) => c.residentTags),
];

/** Loaded together from one run of the generators; keys are CommunityHealth's. */
const HEALTH_TABLES = { people, residencePeriods, exemptions, samples, doses, homeObservations, scans } satisfies Record<keyof CommunityHealth, PgTable>;

/** Tables loaded with explicit ids in an identity column: their sequences must continue after the loaded ids. */
const IDENTITY_TABLES: readonly PgTable[] = [
  ...PEOPLE_TABLES.map((t) => t.table),
  venuesTable,
  residencePeriods,
  exemptions,
  doses,
  homeObservations,
  scans,
];

/**
 * Seeds an empty database with the data set of `size`: the region tree,
 * households, residents, residencies and tags (population), then health's
 * projection of them, samples, doses, home observations, venues and scans.
 */
export async function seedDatabase(database: Database, size: DataSetSize, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const report = options.onProgress ?? (() => {});
  await ensureEmpty(database);

  const tree = qingpuRegions();
  await copyRows(database, regions, tree.regions);
  report(`regions: ${format(tree.regions.length)} rows`);

  const anchor = options.anchor ?? startOfHour(new Date());
  if (Number.isNaN(anchor.getTime())) throw new Error('The seed anchor is not a valid date.');
  const plan: PopulationPlan = { name: size, residents: SEED_SIZES[size].residents, communities: tree.communities, anchor };
  const counts = { households: 0, residents: 0, residencies: 0, residentTags: 0 };
  for (const { key, copy } of PEOPLE_TABLES) {
    const tableStarted = performance.now();
    counts[key] = await copy(database, plan, report);
    report(`${key}: ${format(counts[key])} rows in ${seconds(performance.now() - tableStarted)}`);
  }

  const health = await seedHealth(database, plan, tree, report);
  const permits = await seedPermits(database, plan, report);
  const cases = await seedCases(database, plan, tree, report);

  // Rows were loaded with explicit ids; later inserts must continue after them.
  for (const table of IDENTITY_TABLES) {
    const name = qualifiedName(table);
    await database.db.execute(sql.raw(`select setval(pg_get_serial_sequence('${name}', 'id'), coalesce(max(id), 0) + 1, false) from ${name}`));
  }
  // Fresh statistics, so the first queries are planned for millions of rows and not for empty tables.
  const analyzeStarted = performance.now();
  const loaded = [regions, ...PEOPLE_TABLES.map((t) => t.table), venuesTable, ...Object.values(HEALTH_TABLES)];
  await database.db.execute(sql.raw(`analyze ${loaded.map(qualifiedName).join(', ')}`));
  report(`analyze: ${seconds(performance.now() - analyzeStarted)}`);
  await collapseFactChanges(database);

  return { regions: tree.regions.length, ...counts, ...health, cases: cases.cases, enterprises: permits.enterprises, workPermits: permits.permits, millis: Math.round(performance.now() - started) };
}


/**
 * Loading a district fires the fact-change triggers for millions of rows, a log every request's freshness check
 * would scan (shared/snapshot/present-snapshot.ts). Nothing needs it: a snapshot taken before the seed must be read
 * whole again anyway. So each log becomes one row that names nobody (which tells any earlier snapshot to read
 * everything again), in one transaction per schema, and is analyzed. TRUNCATE, not DELETE: deleted rows would stay
 * in the table's pages, read by any scan of it, until a VACUUM that may never come (autovacuum off).
 */
async function collapseFactChanges(database: Database): Promise<void> {
  for (const schema of ['population', 'health', 'permits', 'cases']) {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`truncate ${schema}.fact_changes`));
      await tx.execute(sql.raw(`insert into ${schema}.fact_changes (xid) values (pg_current_xact_id())`));
    });
    await database.db.execute(sql.raw(`analyze ${schema}.fact_changes`));
  }
}

type HealthCounts = Pick<SeedSummary, 'venues' | keyof CommunityHealth>;

async function seedHealth(
  database: Database,
  plan: PopulationPlan,
  tree: { regions: Region[]; communities: Community[] },
  report: Report,
): Promise<HealthCounts> {
  const venues = venueDirectory(tree.communities);
  await copyRows(database, venuesTable, venues.rows);
  report(`venues: ${format(venues.rows.length)} rows`);

  const { name, residents, anchor, communities } = plan;
  const healthPlan = { name, residents, anchor, regions: tree.regions, communities, venues };
  const started = performance.now();
  // Runs once (or, on a small connection pool, once per group of tables): a fresh generator yields the same rows.
  const counts = await copyConcurrently(database, HEALTH_TABLES, async (write) => {
    const generator = new HealthGenerator(healthPlan);
    const passStarted = performance.now();
    let residentsDone = 0;
    let rowsDone = 0;
    let nextReport = PROGRESS_EVERY;
    const running = { samples: 0, doses: 0, scans: 0 };
    for (const community of generatePopulation(plan)) {
      const health = generator.generate(community);
      await write(health);
      residentsDone += community.residents.length;
      for (const rows of Object.values(health)) rowsDone += rows.length;
      running.samples += health.samples.length;
      running.doses += health.doses.length;
      running.scans += health.scans.length;
      if (residentsDone >= nextReport && residentsDone < plan.residents) {
        nextReport += PROGRESS_EVERY;
        const percent = Math.floor((100 * residentsDone) / plan.residents);
        const rate = Math.round(rowsDone / ((performance.now() - passStarted) / 1000));
        report(
          `health: residents ${format(residentsDone)} / ${format(plan.residents)} (${percent}%), ${format(rowsDone)} rows ` +
            `(samples ${format(running.samples)}, doses ${format(running.doses)}, scans ${format(running.scans)}), ${format(rate)} rows/s`,
        );
      }
    }
  });
  const millis = performance.now() - started;
  let total = 0;
  for (const [key, count] of Object.entries(counts)) {
    total += count;
    report(`${key}: ${format(count)} rows (${format(Math.round(count / (millis / 1000)))} rows/s)`);
  }
  report(`health tables (loaded together): ${format(total)} rows in ${seconds(millis)}, ${format(Math.round(total / (millis / 1000)))} rows/s`);

  // What health publishes when an individual positive result arrives (ingest.merge.ts), so the cases
  // subgraph opens a case for each seeded one as it would have: in result order, dated by the result.
  const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const [published] = await queryRows<{ n: number | string }>(
    database.db,
    sql.raw(`with published as (
      insert into health.outbox (topic, payload, created_at)
      select 'sample.individual-positive',
        jsonb_build_object('barcode', barcode, 'residentId', resident_id::text, 'sampledAt', ${iso('sampled_at')}, 'resultAt', ${iso('result_at')}),
        result_at
      from health.samples where tube_type = 'SINGLE' and result = 'POSITIVE' and resident_id is not null
      order by result_at, barcode
      returning 1)
    select count(*) as n from published`),
  );
  report(`health outbox: ${format(Number(published?.n ?? 0))} sample.individual-positive events`);
  return { venues: venues.rows.length, ...counts };
}

async function ensureEmpty(database: Database): Promise<void> {
  const [row] = await queryRows<{ population: boolean; health: boolean }>(
    database.db,
    sql`select
      exists (select 1 from population.residents) or exists (select 1 from population.regions) as population,
      exists (select 1 from health.people) or exists (select 1 from health.residence_periods) or exists (select 1 from health.samples)
        or exists (select 1 from health.doses) or exists (select 1 from health.venues) or exists (select 1 from health.home_observations)
        or exists (select 1 from health.exemptions) as health`,
  );
  if (row?.population || row?.health) {
    throw new Error(
      `The ${row.population ? 'population' : 'health'} tables already hold data: seeding only fills an empty database. ` +
        'Empty them first (npm run seed -- --reset).',
    );
  }
}

/** One table's rows, community by community, reporting progress in residents generated. */
function* rowsWithProgress<T>(
  plan: PopulationPlan,
  rows: (community: CommunityPopulation) => T[],
  label: string,
  report: Report,
): Generator<T> {
  const started = performance.now();
  let residentsDone = 0;
  let rowsDone = 0;
  let nextReport = PROGRESS_EVERY;
  for (const community of generatePopulation(plan)) {
    const communityRows = rows(community);
    yield* communityRows;
    residentsDone += community.residents.length;
    rowsDone += communityRows.length;
    if (residentsDone >= nextReport && residentsDone < plan.residents) {
      nextReport += PROGRESS_EVERY;
      const percent = Math.floor((100 * residentsDone) / plan.residents);
      const rate = Math.round(rowsDone / ((performance.now() - started) / 1000));
      report(`${label}: ${format(rowsDone)} rows, residents ${format(residentsDone)} / ${format(plan.residents)} (${percent}%), ${format(rate)} rows/s`);
    }
  }
}

function startOfHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}

function format(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(millis: number): string {
  return `${(millis / 1000).toFixed(1)} s`;
}
