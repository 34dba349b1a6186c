/**
 * Reads PermitIndexColumns from history, straight from domain.md (never the
 * status caches): a permit's status at T is its latest permit_events row at or
 * before T, an enterprise's its latest enterprise_status_changes row at or
 * before T. Both count in the enterprise's region. A permit counts only while
 * its holder lives in the district (permits.residence_periods). Permits come
 * in community, then permit ID order, the order the in-memory history builds
 * them in (permit-history.ts).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import { livesHereAt } from '../resident/residence.queries.js';
import { permitColumns, PermitIndexColumns, type PermitAtInstant } from './permit-indexes.js';
import { inRegion } from '../../shared/region-sql.js';
import { earliestAfter } from '../../shared/snapshot/region-statistics.js';

/** Columns of the permits and enterprises of these regions (codes of any level) at `at`. */
export async function permitColumnsAt(db: Db, regionCodes: readonly string[], at: Date): Promise<PermitIndexColumns> {
  const t = sql`${at.toISOString()}::timestamptz`;
  const inRegions = sql.join(regionCodes.map((code) => inRegion(sql`e.community_code`, code)), sql` or `);
  const enterpriseStatus = sql`(
    select c.status from permits.enterprise_status_changes c
    where c.enterprise_id = e.id and c.at <= ${t}
    order by c.at desc, c.id desc limit 1)`;
  const [permits, resumed] = await Promise.all([
    queryRows<{
      id: string | number;
      community_code: string;
      resident_id: string | number;
      status: PermitAtInstant['status'];
      valid_from: string | null;
      valid_to: string | null;
      enterprise_resumed: boolean;
    }>(
      db,
      sql`
      select p.id, e.community_code, p.resident_id, st.to_status as status, p.valid_from, p.valid_to,
        coalesce(${enterpriseStatus} = 'APPROVED_TO_RESUME', false) as enterprise_resumed
      from permits.work_permits p
      join permits.enterprises e on e.id = p.enterprise_id
      join lateral (
        select ev.to_status from permits.permit_events ev
        where ev.permit_id = p.id and ev.at <= ${t}
        order by ev.at desc, ev.id desc limit 1
      ) st on true
      where p.applied_at <= ${t} and (${inRegions}) and st.to_status in ('PENDING', 'APPROVED')
        and ${livesHereAt(sql`p.resident_id`, t)}
      order by e.community_code, p.id`,
    ),
    queryRows<{ community_code: string }>(
      db,
      sql`
      select e.community_code from permits.enterprises e
      where (${inRegions}) and ${enterpriseStatus} = 'APPROVED_TO_RESUME'
      order by e.community_code`,
    ),
  ]);
  return new PermitIndexColumns(
    at,
    permitColumns(permits.map((row) => ({
      permitId: Number(row.id),
      communityCode: row.community_code,
      residentId: Number(row.resident_id),
      status: row.status,
      validFrom: parseTimestamp(row.valid_from),
      validTo: parseTimestamp(row.valid_to),
      enterpriseResumed: row.enterprise_resumed === true,
    }))),
    resumed.map((row) => row.community_code),
  );
}

/**
 * The earliest instant after `at` at which a permit is applied for or changes status, an enterprise's status
 * changes, or a residence starts or ends.
 */
export function permitsChangeAfter(db: Db, at: Date): Promise<Date | null> {
  return earliestAfter(db, at, (t) => [
    sql`(select min(at) from permits.permit_events where at > ${t})`,
    sql`(select min(at) from permits.enterprise_status_changes where at > ${t})`,
    sql`(select min(applied_at) from permits.work_permits where applied_at > ${t})`,
    sql`(select min(started_at) from permits.residence_periods where started_at > ${t})`,
    sql`(select min(ended_at) from permits.residence_periods where ended_at > ${t})`,
  ]);
}
