/**
 * Instants in SQL templates. A JS Date interpolated into `sql` becomes a text
 * parameter whose type PostgreSQL has to guess; this sends it as an ISO
 * string cast to timestamptz, the one way every subgraph writes an instant.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** An instant for SQL: a Date becomes a timestamptz parameter; SQL and columns pass through. */
export function instantSql(at: Date | SQL | AnyColumn): SQL {
  return at instanceof Date ? sql`${at.toISOString()}::timestamptz` : sql`${at}`;
}
