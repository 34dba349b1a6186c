/**
 * The address of each resident at an instant, from a table of residence
 * periods (a residence_periods projection, or population's own residencies):
 * what drill-down lists sort by within a community.
 */
import { sql, type AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from '../db/database.js';
import { instantSql } from '../db/instants.js';

/** The columns a table of residence periods has (residence-periods-table.ts; population.residencies). */
export type ResidencePeriods = PgTable & { id: AnyColumn; residentId: AnyColumn; address: AnyColumn; startedAt: AnyColumn };

/**
 * Each resident's address at `at`; one not living in the district then (a case of someone who has moved out
 * or died still counts in case indexes) gets the last address before `at`, or '' when none.
 */
export async function addressesAt(db: Db, periods: ResidencePeriods, residentIds: readonly number[], at: Date): Promise<Map<number, string>> {
  if (residentIds.length === 0) return new Map();
  const rows = await queryRows<{ resident_id: string | number; address: string }>(
    db,
    sql`select distinct on (${periods.residentId}) ${periods.residentId} as resident_id, ${periods.address} as address
        from ${periods}
        where ${periods.residentId} = any(${`{${residentIds.join(',')}}`}::bigint[]) and ${periods.startedAt} <= ${instantSql(at)}
        order by ${periods.residentId}, ${periods.startedAt} desc, ${periods.id} desc`,
  );
  return new Map(rows.map((row) => [Number(row.resident_id), row.address]));
}
