/**
 * Loads a synthetic Qingpu into the population subgraph's tables with COPY.
 * Each table is one COPY streamed from the generator, so the generator runs
 * once per table: regenerating is cheaper than holding 1.27 million people
 * in memory, and deterministic generation makes every run yield the same rows.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { households, regions, residencies, residents, residentTags } from '../subgraphs/population/db.js';
import { queryRows, type Database } from '../subgraphs/shared/db/database.js';
import type { DataSetSize } from '../subgraphs/shared/config.js';
import { csvChunks, csvRow, type CsvValue } from './csv.js';
import { generatePopulation, type CommunityPopulation, type PopulationPlan } from './population.js';
import { qingpuRegions } from './regions.js';

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

export async function seedPopulation(database: Database, size: DataSetSize, options: SeedOptions = {}): Promise<SeedSummary> {
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

  // Rows were loaded with explicit ids; later inserts must continue after them.
  for (const { table } of PEOPLE_TABLES) {
    const name = qualifiedName(table);
    await database.db.execute(sql.raw(`select setval(pg_get_serial_sequence('${name}', 'id'), coalesce(max(id), 0) + 1, false) from ${name}`));
  }
  // Fresh statistics, so the first queries are planned for 1.27 million rows and not for empty tables.
  await database.db.execute(sql.raw(`analyze ${[regions, ...PEOPLE_TABLES.map((t) => t.table)].map(qualifiedName).join(', ')}`));

  return { regions: tree.regions.length, ...counts, millis: Math.round(performance.now() - started) };
}

async function ensureEmpty(database: Database): Promise<void> {
  const [row] = await queryRows<{ residents: boolean; regions: boolean }>(
    database.db,
    sql`select exists (select 1 from population.residents) as residents, exists (select 1 from population.regions) as regions`,
  );
  if (row?.residents || row?.regions) {
    throw new Error(
      'The population tables already hold data: seeding only fills an empty database. ' +
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

/** COPYs rows into a table, columns taken from its drizzle definition; returns the row count. */
async function copyRows<T extends PgTable>(database: Database, table: T, rows: Iterable<T['$inferSelect']>): Promise<number> {
  const columns = Object.entries(getTableColumns(table));
  let count = 0;
  function* records(): Generator<string> {
    for (const row of rows) {
      count++;
      yield csvRow(columns.map(([key]) => csvValue((row as Record<string, unknown>)[key])));
    }
  }
  await database.copyCsv(qualifiedName(table), columns.map(([, column]) => column.name), csvChunks(records()));
  return count;
}

function csvValue(value: unknown): CsvValue {
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`Cannot write ${typeof value} to CSV`);
}

function qualifiedName(table: PgTable): string {
  const { schema, name } = getTableConfig(table);
  return `${schema}.${name}`;
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
