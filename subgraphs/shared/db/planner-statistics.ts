/**
 * The planner picks its plans from each table's statistics, gathered by ANALYZE. Autovacuum gathers them after
 * enough writes, but it may be off (it is on this machine's PostgreSQL) or not have run yet; a bulk write that left
 * a table much bigger than its statistics say (a lab file of a million results, an hour of partner batches) would
 * then leave every later query planned for a table that no longer exists. So bulk writes call this when done.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './database.js';

/** Autovacuum's own default: statistics are stale once a tenth of the table is new. */
const GROWTH = 1.1;

/**
 * Analyzes those of `tables` (schema-qualified names) that grew by more than a tenth since their statistics were
 * gathered (their size against the pages ANALYZE or VACUUM last counted); returns the ones it analyzed.
 */
export async function analyzeGrownTables(db: Db, tables: readonly string[]): Promise<string[]> {
  const grown = await queryRows<{ name: string }>(
    db,
    sql`select c.oid::regclass::text as name from pg_class c
        where c.oid = any(${`{${tables.join(',')}}`}::regclass[])
          and pg_relation_size(c.oid) > ${GROWTH}::numeric * c.relpages * current_setting('block_size')::bigint
        order by 1`,
  );
  if (grown.length === 0) return [];
  const names = grown.map((row) => row.name);
  await db.transaction(async (tx) => {
    // Nobody's request: a large table takes a second or two, more than a request's statement deadline allows.
    await tx.execute(sql`set local statement_timeout = 0`);
    await tx.execute(sql.raw(`analyze ${names.join(', ')}`));
  });
  return names;
}
