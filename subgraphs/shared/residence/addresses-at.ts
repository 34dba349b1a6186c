/**
 * The address of each resident at an instant, from a residence_periods
 * projection: what drill-down lists sort by within a community.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { instantSql } from '../db/instants.js';
import type { ResidencePeriodsTable } from './residence-periods-table.js';

/**
 * Each resident's address at `at`; one not living in the district then (a case of someone who has moved out
 * or died still counts in case indexes) gets the last address before `at`, or '' when none.
 */
export async function addressesAt(db: Db, periods: ResidencePeriodsTable, residentIds: readonly number[], at: Date): Promise<Map<number, string>> {
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
