/**
 * When an administrative fact was recorded (domain.md "Time"): it holds from
 * that instant, whatever earlier effective date a command carried. The
 * recording instant of a row is its own instant column (tagged-at, starts-at,
 * the timeline's at, …), or later: when the table also has a column that says
 * when the row was written (`recorded_at`, else `created_at`), the fact holds
 * from the later of the two. Which of those columns exist is read from the
 * database's catalogue, so the checker reads the same SQL before and after a
 * table gains such a column (an effective date stored beside the instant).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../subgraphs/shared/db/database.js';

/** The tables of administrative facts whose rows may carry a write instant beside their own. */
export const ADMINISTRATIVE_TABLES = [
  'population.residencies',
  'population.resident_tags',
  'health.exemptions',
  'health.home_observations',
  'cases.positive_cases',
  'cases.case_events',
  'cases.close_contacts',
  'permits.permit_events',
  'permits.enterprise_status_changes',
] as const;
export type AdministrativeTable = (typeof ADMINISTRATIVE_TABLES)[number];

/** The columns that say when a row was written, in order of preference. */
const WRITE_INSTANT_COLUMNS = ['recorded_at', 'created_at'];

export class RecordingInstants {
  constructor(private readonly writtenAt: ReadonlyMap<AdministrativeTable, string>) {}

  /** SQL for the instant the fact in `alias.column` of `table` holds from. */
  from(table: AdministrativeTable, alias: string, column: string): string {
    const written = this.writtenAt.get(table);
    return written ? `greatest(${alias}.${column}, ${alias}.${written})` : `${alias}.${column}`;
  }

  /** Which write-instant column each table has (for the report). */
  describe(): string[] {
    return ADMINISTRATIVE_TABLES.map((table) => `${table}: ${this.writtenAt.get(table) ?? '(none: its own instant column)'}`);
  }
}

/** Reads which administrative tables have a write-instant column. */
export async function recordingInstants(database: Database): Promise<RecordingInstants> {
  const result = (await database.db.execute(
    sql.raw(`select table_schema || '.' || table_name as "table", column_name as "column" from information_schema.columns
              where column_name in (${WRITE_INSTANT_COLUMNS.map((c) => `'${c}'`).join(', ')})
                and table_schema || '.' || table_name in (${ADMINISTRATIVE_TABLES.map((t) => `'${t}'`).join(', ')})`),
  )) as unknown;
  const list = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { table: AdministrativeTable; column: string }[];
  const writtenAt = new Map<AdministrativeTable, string>();
  for (const column of WRITE_INSTANT_COLUMNS) {
    for (const row of list) if (row.column === column && !writtenAt.has(row.table)) writtenAt.set(row.table, column);
  }
  return new RecordingInstants(writtenAt);
}
