/**
 * The live statistics (shared/snapshot/present-snapshot.ts) stay exact only
 * if every write to a table they read leaves its transaction in
 * <schema>.fact_changes (migrations 0005 and 0006): a fact table without its triggers
 * would leave them silently stale. Checked against the catalog of a migrated
 * database: every fact table has statement-level INSERT, UPDATE, DELETE and
 * TRUNCATE triggers writing to its schema's fact_changes, and every table of
 * those schemas is classified here, so a new table fails this test until
 * someone decides whether its rows enter a statistic.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows, type Db } from '../../subgraphs/shared/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

type Schema = 'population' | 'health' | 'permits' | 'cases';

/**
 * The tables the statistics' column queries read, per schema whose fact_changes the snapshot watches:
 * population/statistics/population-indexes.queries.ts, health/statistics/health-indexes.queries.ts (with
 * health-code/health-facts.queries.ts, venue/venue.queries.ts, exemption/exemption.queries.ts,
 * health-code/case-conditions.ts and observation/observation.rules.ts it calls), permits/statistics/permit-indexes.queries.ts,
 * cases/statistics/case-indexes.queries.ts.
 */
const FACT_TABLES: Record<Schema, readonly string[]> = {
  population: ['residents', 'residencies', 'resident_tags', 'tags'],
  health: ['people', 'residence_periods', 'exemptions', 'case_facts', 'quarantines', 'samples', 'doses', 'home_observations', 'scans'],
  permits: ['enterprises', 'enterprise_status_changes', 'work_permits', 'permit_events', 'residence_periods'],
  cases: ['positive_cases', 'case_events', 'facilities', 'close_contacts', 'residence_periods'],
};

/** Tables of the same schemas whose rows enter no statistic, each with the reason. */
const NOT_FACT_TABLES: Record<Schema, Readonly<Record<string, string>>> = {
  population: {
    fact_changes: 'the change log itself',
    outbox: 'events published to the other subgraphs',
    regions: 'names of the region tree; statistics take regions from the community codes of residencies',
    households: 'addresses; statistics count households by residencies.household_id',
    event_cursors: 'how far population has consumed the cases outbox (deaths)',
  },
  health: {
    fact_changes: 'the change log itself',
    outbox: 'events published to the other subgraphs',
    event_cursors: 'how far health has consumed the other subgraphs’ events',
    venues: 'names and addresses; exposures join scans by venue_id',
    ingest_batches: 'lab files being imported; their rows become facts when merged into samples',
    ingest_staging: 'lab rows being imported; they become facts when merged into samples',
    outreach: 'calls and visits to get residents tested: the call list, in no statistic',
  },
  permits: {
    fact_changes: 'the change log itself',
    event_cursors: 'how far permits has consumed the other subgraphs’ events',
  },
  cases: {
    fact_changes: 'the change log itself',
    outbox: 'events published to the other subgraphs',
    event_cursors: 'how far cases has consumed the other subgraphs’ events',
  },
};

const SCHEMAS = Object.keys(FACT_TABLES) as Schema[];

interface TriggerRow {
  schema: string;
  table: string;
  trigger: string;
  per_statement: boolean;
  after: boolean;
  enabled: boolean;
  on_insert: boolean;
  on_update: boolean;
  on_delete: boolean;
  on_truncate: boolean;
  function: string;
  /** The function inserts into the trigger's table's own <schema>.fact_changes. */
  writes_fact_changes: boolean;
  /** The first trigger argument, or null. */
  argument: string | null;
}

let test_: TestDatabase;
let db: Db;

beforeAll(async () => {
  test_ = await createTestDatabase();
  db = test_.database.db;
});
afterAll(() => test_?.drop());

async function tablesOf(schemas: readonly string[]): Promise<{ schema: string; table: string }[]> {
  return queryRows(
    db,
    sql`select n.nspname as schema, c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = any(${`{${schemas.join(',')}}`}::text[]) and c.relkind in ('r', 'p') and not c.relispartition
        order by 1, 2`,
  );
}

/** Every user trigger on the tables of these schemas, with its events decoded from pg_trigger.tgtype. */
async function triggersOf(schemas: readonly string[]): Promise<TriggerRow[]> {
  return queryRows<TriggerRow>(
    db,
    sql`select n.nspname as schema, c.relname as table, t.tgname as trigger,
          (t.tgtype & 1) = 0 as per_statement, (t.tgtype & (2 | 64)) = 0 as after, t.tgenabled <> 'D' as enabled,
          (t.tgtype & 4) <> 0 as on_insert, (t.tgtype & 16) <> 0 as on_update,
          (t.tgtype & 8) <> 0 as on_delete, (t.tgtype & 32) <> 0 as on_truncate,
          pn.nspname || '.' || p.proname as function,
          pn.nspname = n.nspname and p.prosrc ~ ('"?' || n.nspname || '"?\\."?fact_changes"?') as writes_fact_changes,
          case when t.tgnargs > 0 then split_part(encode(t.tgargs, 'escape'), '\\000', 1) end as argument
        from pg_trigger t
        join pg_class c on c.oid = t.tgrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_proc p on p.oid = t.tgfoid
        join pg_namespace pn on pn.oid = p.pronamespace
        where not t.tgisinternal and n.nspname = any(${`{${schemas.join(',')}}`}::text[])
        order by 1, 2, 3`,
  );
}

describe('fact_changes triggers', () => {
  test('the schemas with a fact_changes log are exactly those classified here', async () => {
    const logs = await queryRows<{ schema: string }>(
      db,
      sql`select n.nspname as schema from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relname = 'fact_changes' and c.relkind in ('r', 'p') order by 1`,
    );
    expect(logs.map((row) => row.schema)).toEqual([...SCHEMAS].sort());
  });

  test('every table of those schemas is classified: a fact table, or not one for a stated reason', async () => {
    const tables = await tablesOf(SCHEMAS);
    const unclassified = tables
      .filter(({ schema, table }) => !FACT_TABLES[schema as Schema].includes(table) && !(table in NOT_FACT_TABLES[schema as Schema]))
      .map(({ schema, table }) => `${schema}.${table}`);
    expect(unclassified, 'new tables: add each to FACT_TABLES (and give it triggers) or to NOT_FACT_TABLES with a reason').toEqual([]);

    const existing = new Set(tables.map(({ schema, table }) => `${schema}.${table}`));
    const listed = SCHEMAS.flatMap((schema) => [...FACT_TABLES[schema], ...Object.keys(NOT_FACT_TABLES[schema])].map((table) => `${schema}.${table}`));
    expect(listed.filter((name) => !existing.has(name)), 'classified tables that no longer exist').toEqual([]);
    const both = SCHEMAS.flatMap((schema) => FACT_TABLES[schema].filter((table) => table in NOT_FACT_TABLES[schema]).map((table) => `${schema}.${table}`));
    expect(both, 'tables classified both ways').toEqual([]);
  });

  test('every fact table has AFTER … FOR EACH STATEMENT triggers for INSERT, UPDATE, DELETE and TRUNCATE writing to its fact_changes', async () => {
    const triggers = (await triggersOf(SCHEMAS)).filter((t) => t.writes_fact_changes && t.per_statement && t.after && t.enabled);
    const missing: string[] = [];
    for (const schema of SCHEMAS) {
      for (const table of FACT_TABLES[schema]) {
        const own = triggers.filter((t) => t.schema === schema && t.table === table);
        for (const event of ['insert', 'update', 'delete', 'truncate'] as const) {
          if (!own.some((t) => t[`on_${event}`])) missing.push(`${schema}.${table} ${event.toUpperCase()}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('triggers that name the residents they touched name a column of their table', async () => {
    const perResident = (await triggersOf(SCHEMAS)).filter((t) => t.function.endsWith('.note_resident_changes'));
    expect(perResident.length).toBeGreaterThan(0);
    const columns = await queryRows<{ schema: string; table: string; column: string }>(
      db,
      sql`select table_schema as schema, table_name as table, column_name as column from information_schema.columns
          where table_schema = any(${`{${SCHEMAS.join(',')}}`}::text[])`,
    );
    const known = new Set(columns.map((c) => `${c.schema}.${c.table}.${c.column}`));
    const wrong = perResident
      .map((t) => `${t.schema}.${t.table}.${t.argument ?? 'resident_id'}`)
      .filter((column) => !known.has(column));
    expect(wrong).toEqual([]);
  });

  test('tables classified as no facts write no fact_changes (else they belong in the fact list)', async () => {
    const writing = (await triggersOf(SCHEMAS))
      .filter((t) => t.writes_fact_changes && t.table in NOT_FACT_TABLES[t.schema as Schema])
      .map((t) => `${t.schema}.${t.table} (${t.trigger})`);
    expect(writing).toEqual([]);
  });

  test('a write to a fact table leaves its transaction in fact_changes, with the residents it touched', async () => {
    const noted = await test_.database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into health.people (resident_id, id_number, birth_date)
                           values (900001, '310118199001010011', '1990-01-01'), (900002, '310118199001020013', '1990-01-02')`);
      await tx.execute(sql`update health.people set birth_date = '1990-01-03' where resident_id = 900002`);
      // A table whose rows are not about one resident: the transaction is noted, naming nobody.
      await tx.execute(sql`insert into permits.enterprises (credit_code, name, industry, community_code)
                           values ('91310118MA1JL0000X', 'Test Works', 'MANUFACTURING', '310118101001')`);
      const mine = sql`xid = pg_current_xact_id()`;
      return {
        health: await queryRows<{ resident_id: string | number }>(tx, sql`select resident_id from health.fact_changes where ${mine} order by resident_id`),
        permits: await queryRows<{ resident_id: string | number | null }>(tx, sql`select resident_id from permits.fact_changes where ${mine}`),
        population: await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from population.fact_changes where ${mine}`),
      };
    });
    // One row per statement and resident: the insert names both, the update the one it changed.
    expect(noted.health.map((row) => Number(row.resident_id))).toEqual([900001, 900002, 900002]);
    expect(noted.permits).toEqual([{ resident_id: null }]);
    expect(noted.population).toEqual([{ n: 0 }]);
  });
});
