/**
 * Reads CaseIndexColumns from history: the status (and facility) of a case at
 * T is that of its latest timeline event at or before T (case_events carries
 * the state after each event), never the current cache, and a close contact's
 * community is the one of their residence period holding at T, so a past
 * instant reads the same tomorrow. Rows come in community, then resident
 * order, the order the in-memory history builds them in (case-history.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import { inRegion } from '../../shared/region-sql.js';
import { earliestAfter } from '../../shared/snapshot/region-statistics.js';
import { CaseIndexColumns, type CaseAtInstant } from './case-indexes.js';

/** Columns of the cases and close contacts of these regions (codes of any level) at `at`. */
export async function caseColumnsAt(db: Db, regionCodes: readonly string[], at: Date): Promise<CaseIndexColumns> {
  const t = sql`${at.toISOString()}::timestamptz`;
  const inRegions = (column: SQL) => sql.join(regionCodes.map((code) => inRegion(column, code)), sql` or `);
  const [cases, contacts] = await Promise.all([
    queryRows<{ community_code: string; resident_id: string | number; reported_at: string; status: CaseAtInstant['status']; facility_type: CaseAtInstant['facilityType'] }>(
      db,
      sql`
      select c.community_code, c.resident_id, c.reported_at, e.status, f.type as facility_type
      from cases.positive_cases c
      cross join lateral (
        select ev.status, ev.facility_id from cases.case_events ev
        where ev.case_id = c.id and ev.at <= ${t}
        order by ev.at desc, ev.id desc limit 1
      ) e
      left join cases.facilities f on f.id = e.facility_id
      where (${inRegions(sql`c.community_code`)}) and c.reported_at <= ${t}
      order by c.community_code, c.resident_id, c.id`,
    ),
    queryRows<{ community_code: string; resident_id: string | number; until: string }>(
      db,
      // least() skips a null ended_at: until the planned end then.
      sql`
      select p.community_code, k.resident_id, max(least(k.quarantine_ends_at, k.ended_at)) as until
      from cases.close_contacts k
      join cases.residence_periods p on p.resident_id = k.resident_id and p.started_at <= ${t} and (p.ended_at is null or p.ended_at > ${t})
      where (${inRegions(sql`p.community_code`)})
        and k.quarantine_starts_at <= ${t} and k.quarantine_ends_at > ${t}
        and (k.ended_at is null or k.ended_at > ${t})
      group by p.community_code, k.resident_id
      order by p.community_code, k.resident_id`,
    ),
  ]);
  return new CaseIndexColumns(
    at,
    cases.map((row) => ({
      communityCode: row.community_code,
      residentId: Number(row.resident_id),
      reportedAt: parseTimestamp(row.reported_at),
      status: row.status,
      facilityType: row.facility_type,
    })),
    contacts.map((row) => ({ communityCode: row.community_code, residentId: Number(row.resident_id), inQuarantineUntil: parseTimestamp(row.until) })),
  );
}

/**
 * The earliest instant after `at` at which a case is reported or changes status, a quarantine starts, or a contact
 * whose quarantine has not ended moves, or null. Quarantines ending are not among them: the columns evaluate those
 * at the instant asked (CaseIndexColumns), so a planned end coming does not make the present be read again.
 */
export function casesChangeAfter(db: Db, at: Date): Promise<Date | null> {
  return earliestAfter(db, at, (t) => [
    sql`(select min(reported_at) from cases.positive_cases where reported_at > ${t})`,
    sql`(select min(at) from cases.case_events where at > ${t})`,
    sql`(select min(quarantine_starts_at) from cases.close_contacts where quarantine_starts_at > ${t})`,
    sql`(select least(min(p.started_at) filter (where p.started_at > ${t}), min(p.ended_at) filter (where p.ended_at > ${t}))
      from cases.residence_periods p where p.resident_id in (select resident_id from cases.close_contacts where quarantine_ends_at > ${t}))`,
  ]);
}
