/**
 * npm run seed -- [--size test|demo|district] [--reset]
 *
 * Loads the synthetic district (population and health) into the configured
 * database (DATABASE_URL, or the PGlite folder DATA_DIR): progress on stderr,
 * the summary on stdout. --reset empties the population and health data first
 * (the tag catalog stays: it comes from a migration).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { DATA_SET_SIZES, readConfig, type DataSetSize } from '../subgraphs/shared/config.js';
import { createDatabase, type Database } from '../subgraphs/shared/db/database.js';
import { migrateDatabase } from '../subgraphs/shared/db/migrate.js';
import { seedDatabase } from '../seed/index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { size: { type: 'string' }, reset: { type: 'boolean', default: false } },
    strict: true,
  });
  const config = readConfig();
  const size = values.size ?? config.seedSize;
  if (!isDataSetSize(size)) throw new Error(`--size must be one of ${DATA_SET_SIZES.join(', ')} (got "${size}")`);

  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateDatabase(database);
    if (values.reset) await reset(database);
    const summary = await seedDatabase(database, size, { onProgress: (message) => console.error(message) });
    const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
    console.log(
      `Seeded "${size}" into ${where} in ${(summary.millis / 1000).toFixed(1)} s: ` +
        `${count(summary.regions)} regions, ${count(summary.households)} households, ${count(summary.residents)} residents, ` +
        `${count(summary.residencies)} residencies, ${count(summary.residentTags)} resident tags; ` +
        `${count(summary.samples)} samples, ${count(summary.doses)} doses, ${count(summary.homeObservations)} home observations, ` +
        `${count(summary.venues)} venues, ${count(summary.scans)} scans, ${count(summary.exemptions)} exemptions; ${count(summary.cases)} cases; ${count(summary.enterprises)} enterprises, ${count(summary.workPermits)} work permits.`,
    );
  } finally {
    await database.close();
  }
}

function isDataSetSize(value: string): value is DataSetSize {
  return (DATA_SET_SIZES as readonly string[]).includes(value);
}

async function reset(database: Database): Promise<void> {
  await database.db.execute(
    sql`truncate population.households, population.residents, population.residencies, population.resident_tags,
      population.regions, population.outbox restart identity cascade`,
  );
  // Every health table: none holds reference data. The event cursors go too: they point into the
  // population outbox just emptied, whose ids restart at 1.
  await database.db.execute(
    sql`truncate health.people, health.residence_periods, health.exemptions, health.case_facts, health.quarantines,
      health.samples, health.ingest_batches, health.ingest_staging, health.doses, health.home_observations, health.outreach,
      health.venues, health.scans, health.event_cursors, health.outbox restart identity cascade`,
  );
  await database.db.execute(
    sql`truncate cases.residence_periods, cases.facilities, cases.positive_cases, cases.case_events, cases.close_contacts,
      cases.outbox, cases.event_cursors restart identity cascade`,
  );
  await database.db.execute(sql`truncate permits.enterprises, permits.enterprise_status_changes, permits.work_permits, permits.permit_events,
      permits.residence_periods, permits.event_cursors restart identity cascade`);
  console.error('reset: population, health, cases and permits data emptied');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
