/**
 * Whether holders live in the district at an instant, from permits' residence
 * periods (projected from population's events): a holder who moved out or
 * died counts in no permit index and holds no valid permit. One definition
 * for the indexes' columns and for `WorkPermit.valid`.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { instantSql } from '../../shared/db/instants.js';

/** SQL: the resident `residentId` lives in the district at `t` (a residence period holds then). */
export function livesHereAt(residentId: SQL, t: SQL): SQL {
  return sql`exists (
    select 1 from permits.residence_periods r
    where r.resident_id = ${residentId} and r.started_at <= ${t} and (r.ended_at is null or r.ended_at > ${t}))`;
}

/** Which of these residents live in the district at `at`. */
export async function residentsLivingHere(db: Db, residentIds: readonly number[], at: Date): Promise<Set<number>> {
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`select id from unnest(${`{${residentIds.join(',')}}`}::bigint[]) as ids(id) where ${livesHereAt(sql`ids.id`, instantSql(at))}`,
  );
  return new Set(rows.map((row) => Number(row.id)));
}
