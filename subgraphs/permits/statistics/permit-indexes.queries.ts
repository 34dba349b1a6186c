/**
 * Reads PermitIndexColumns from history, straight from domain.md (never the
 * status caches): a permit's status at T is its latest permit_events row at or
 * before T, an enterprise's its latest enterprise_status_changes row at or
 * before T. Both count in the enterprise's region.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import { PermitIndexColumns, type PermitAtInstant } from './permit-indexes.js';
import { inRegion } from '../../shared/region-sql.js';
import { earliestAfter } from '../../shared/snapshot/region-statistics.js';

/** Columns of the permits and enterprises of these regions (codes of any level) at `at`. */
export async function permitColumnsAt(db: Db, regionCodes: readonly string[], at: Date): Promise<PermitIndexColumns> {
  const t = sql`${at.toISOString()}::timestamptz`;
  const inRegions = sql.join(regionCodes.map((code) => inRegion(sql`e.community_code`, code)), sql` or `);
  const [permits, resumed] = await Promise.all([
    queryRows<{ community_code: string; resident_id: string | number; status: PermitAtInstant['status']; valid_from: string | null; valid_to: string | null }>(
      db,
      sql`
      select e.community_code, p.resident_id, st.to_status as status, p.valid_from, p.valid_to
      from permits.work_permits p
      join permits.enterprises e on e.id = p.enterprise_id
      join lateral (
        select ev.to_status from permits.permit_events ev
        where ev.permit_id = p.id and ev.at <= ${t}
        order by ev.at desc, ev.id desc limit 1
      ) st on true
      where p.applied_at <= ${t} and (${inRegions}) and st.to_status in ('PENDING', 'APPROVED')
      order by e.community_code`,
    ),
    queryRows<{ community_code: string }>(
      db,
      sql`
      select e.community_code from permits.enterprises e
      where (${inRegions}) and (
        select c.status from permits.enterprise_status_changes c
        where c.enterprise_id = e.id and c.at <= ${t}
        order by c.at desc, c.id desc limit 1
      ) = 'APPROVED_TO_RESUME'
      order by e.community_code`,
    ),
  ]);
  return new PermitIndexColumns(
    at,
    permits.map((row) => ({
      communityCode: row.community_code,
      residentId: Number(row.resident_id),
      status: row.status,
      validFrom: parseTimestamp(row.valid_from),
      validTo: parseTimestamp(row.valid_to),
    })),
    resumed.map((row) => row.community_code),
  );
}

/** The earliest instant after `at` at which a permit is applied for or changes status, or an enterprise's status changes. */
export function permitsChangeAfter(db: Db, at: Date): Promise<Date | null> {
  return earliestAfter(db, at, (t) => [
    sql`(select min(at) from permits.permit_events where at > ${t})`,
    sql`(select min(at) from permits.enterprise_status_changes where at > ${t})`,
    sql`(select min(applied_at) from permits.work_permits where applied_at > ${t})`,
  ]);
}
