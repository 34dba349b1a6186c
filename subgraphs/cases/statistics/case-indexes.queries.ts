/**
 * The case indexes, set-based for many regions of one level at one instant
 * in a single statement. The status (and facility) of a case at T is that of
 * its latest timeline event at or before T (case_events carries the state
 * after each event), never the current cache, so a past instant reads the
 * same tomorrow.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import type { CaseIndexes } from './case-indexes.type.js';

const EMPTY: CaseIndexes = { newToday: 0, active: 0, inFacility: 0, discharged: 0, closeContactsInQuarantine: 0 };

/** Indexes of regions whose codes all have the same length (one level), keyed by code. */
export async function caseIndexesAt(db: Db, codes: readonly string[], asOf: Date): Promise<Map<string, CaseIndexes>> {
  const length = codes[0]!.length;
  const t = sql`${asOf.toISOString()}::timestamptz`;
  const inRegions = (column: string) => sql`left(${sql.raw(column)}, ${length}) in (${sql.join(codes.map((code) => sql`${code}`), sql`, `)})`;
  const rows = await queryRows<CaseIndexes & { code: string }>(
    db,
    sql`
    with day as (
      select (${t} at time zone 'Asia/Shanghai')::date as today
    ), at_t as (
      select left(c.community_code, ${length}) as code, c.resident_id, c.reported_at, e.status, f.type as facility_type
      from cases.positive_cases c
      cross join lateral (
        select ev.status, ev.facility_id from cases.case_events ev
        where ev.case_id = c.id and ev.at <= ${t}
        order by ev.at desc, ev.id desc limit 1
      ) e
      left join cases.facilities f on f.id = e.facility_id
      where ${inRegions('c.community_code')} and c.reported_at <= ${t}
    ), case_counts as (
      select code,
        count(distinct resident_id) filter (where (reported_at at time zone 'Asia/Shanghai')::date = day.today)::int as "newToday",
        count(distinct resident_id) filter (where status in ('REPORTED', 'TRANSFERRED'))::int as active,
        count(distinct resident_id) filter (where status = 'TRANSFERRED' and facility_type in ('MAKESHIFT_HOSPITAL', 'DESIGNATED_HOSPITAL'))::int as "inFacility",
        count(distinct resident_id) filter (where status = 'DISCHARGED')::int as discharged
      from at_t cross join day
      group by code
    ), contact_counts as (
      select left(c.community_code, ${length}) as code, count(distinct k.resident_id)::int as "closeContactsInQuarantine"
      from cases.close_contacts k
      join cases.positive_cases c on c.id = k.case_id
      where ${inRegions('c.community_code')}
        and k.quarantine_starts_at <= ${t} and k.quarantine_ends_at > ${t}
        and (k.ended_at is null or k.ended_at > ${t})
      group by 1
    )
    select coalesce(cc.code, kc.code) as code,
      coalesce(cc."newToday", 0) as "newToday", coalesce(cc.active, 0) as active, coalesce(cc."inFacility", 0) as "inFacility",
      coalesce(cc.discharged, 0) as discharged, coalesce(kc."closeContactsInQuarantine", 0) as "closeContactsInQuarantine"
    from case_counts cc full join contact_counts kc on kc.code = cc.code`,
  );
  const byCode = new Map(rows.map(({ code, ...indexes }) => [code, indexes]));
  return new Map(codes.map((code) => [code, byCode.get(code) ?? { ...EMPTY }]));
}
