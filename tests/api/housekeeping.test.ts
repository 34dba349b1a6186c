/**
 * Speed that does not depend on the database's housekeeping (autovacuum may be off): the freshness check asked
 * before every answer from the statistics reads the fact_changes index whatever the log holds and whether it was
 * ever analyzed; a lab batch leaves the tables it grew analyzed; the seed leaves one row per log and no dead ones.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDatabase } from '../../seed/index.js';
import { createDatabase, queryRows, type Db } from '../../subgraphs/shared/db/database.js';
import { migrateDatabase } from '../../subgraphs/shared/db/migrate.js';
import { changedSinceQuery } from '../../subgraphs/shared/snapshot/present-snapshot.js';
import type { BuiltResident } from '../support/builders.js';
import { labRow, SUBMIT } from '../support/lab-builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { ok } from '../support/assertions.js';

let platform: TestPlatform;
let alice: BuiltResident;
beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  alice = await platform.seed.resident({ name: 'Alice', birthDate: '1985-03-02' });
  await platform.drainEvents();
});
afterAll(() => platform?.stop());

const db = () => platform.test.database.db;

/** Every node of a plan (EXPLAIN's JSON), depth first. */
function* nodes(plan: { 'Node Type': string; Plans?: unknown[] }): Generator<string> {
  yield plan['Node Type'];
  for (const child of (plan.Plans ?? []) as (typeof plan)[]) yield* nodes(child);
}

async function planOf(query: ReturnType<typeof changedSinceQuery>): Promise<string[]> {
  const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(db(), sql`explain (format json) ${query}`);
  const explained = row!['QUERY PLAN'];
  const [plan] = (typeof explained === 'string' ? JSON.parse(explained) : explained) as { Plan: { 'Node Type': string } }[];
  return [...nodes(plan!.Plan)];
}

test('the freshness check walks the fact_changes index, on a log of 300,000 rows never analyzed as on an analyzed one', async () => {
  // A bulk load's log, one transaction, before the snapshot whose token is checked (permits': the lab test below
  // watches health's grow).
  await db().execute(sql`insert into permits.fact_changes (xid, resident_id) select pg_current_xact_id(), g from generate_series(1, 300000) g`);
  const [{ token }] = (await queryRows<{ token: string }>(db(), sql`select pg_current_snapshot()::text as token`)) as [{ token: string }];

  const [{ analyzed }] = (await queryRows<{ analyzed: string | number }>(db(), sql`select count(*) as analyzed from pg_stats where schemaname = 'permits' and tablename = 'fact_changes'`)) as [{ analyzed: string | number }];
  expect(Number(analyzed)).toBe(0);
  const unanalyzed = await planOf(changedSinceQuery('permits', token));
  expect(unanalyzed).toContain('Index Only Scan');
  expect(unanalyzed).not.toContain('Seq Scan');

  await db().execute(sql`analyze permits.fact_changes`);
  expect(await planOf(changedSinceQuery('permits', token))).toEqual(unanalyzed);

  // And it answers: nothing since the token, then a write since.
  expect(await queryRows(db(), changedSinceQuery('permits', token))).toEqual([]);
  await db().execute(sql`insert into permits.fact_changes (xid) values (pg_current_xact_id())`);
  expect(await queryRows(db(), changedSinceQuery('permits', token))).toHaveLength(1);
});

/** Whether ANALYZE has counted the table as it is now: its statistics exist and its page count is current. */
async function analyzedAsItIs(db: Db, table: 'samples' | 'fact_changes'): Promise<boolean> {
  const [row] = await queryRows<{ current: boolean | string }>(
    db,
    sql`select c.relpages = pg_relation_size(c.oid) / current_setting('block_size')::int
               and exists (select 1 from pg_stats s where s.schemaname = 'health' and s.tablename = ${table}) as current
        from pg_class c where c.oid = ${`health.${table}`}::regclass`,
  );
  return row!.current === true || row!.current === 't';
}

test('a lab batch that grows samples past its statistics leaves samples and fact_changes analyzed', async () => {
  expect(await analyzedAsItIs(db(), 'samples')).toBe(false);
  const rows = Array.from({ length: 400 }, () => labRow(alice.idNumber));
  expect(ok(await platform.gql(SUBMIT, { idempotencyKey: 'housekeeping-1', rows })).submitNucleicAcidResults).toMatchObject({ accepted: 400 });
  expect(await analyzedAsItIs(db(), 'samples')).toBe(true);
  expect(await analyzedAsItIs(db(), 'fact_changes')).toBe(true);
});

test('the seed leaves each fact_changes log one row naming nobody, with no deleted rows left in its pages', async () => {
  const database = await createDatabase({});
  try {
    await migrateDatabase(database);
    await seedDatabase(database, 'test');
    for (const schema of ['population', 'health', 'permits', 'cases']) {
      const [log] = await queryRows<{ rows: string | number; named: string | number; pages: string | number }>(
        database.db,
        sql`select count(*) as rows, count(resident_id) as named, pg_relation_size(${`${schema}.fact_changes`}::regclass) / current_setting('block_size')::int as pages
            from ${sql.identifier(schema)}.fact_changes`,
      );
      expect({ schema, rows: Number(log!.rows), named: Number(log!.named), pages: Number(log!.pages) }).toEqual({ schema, rows: 1, named: 0, pages: 1 });
    }
  } finally {
    await database.close();
  }
});
