/**
 * The 4 permit indexes, set-based, for many regions of one level at one
 * instant in a single statement, straight from domain.md and from history
 * (never the status caches): a permit's status at T is its latest
 * permit_events row at or before T, an enterprise's its latest
 * enterprise_status_changes row at or before T. Both count in the
 * enterprise's region. Active: APPROVED at T and valid_from ≤ T < valid_to
 * (so a permit past its validTo is not active, recorded EXPIRED or not).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import type { PermitIndexes } from './permit-indexes.type.js';

const EMPTY: PermitIndexes = { pending: 0, active: 0, resumedWorkers: 0, enterprisesResumed: 0 };

/** Indexes of regions whose codes all have the same length (one level), keyed by code. */
export async function permitIndexesAt(db: Db, codes: readonly string[], asOf: Date): Promise<Map<string, PermitIndexes>> {
  const length = codes[0]!.length;
  const t = sql`${asOf.toISOString()}::timestamptz`;
  const rows = await queryRows<PermitIndexes & { code: string }>(
    db,
    sql`
    with firms as (
      select e.id, left(e.community_code, ${length}) as code
      from permits.enterprises e
      where left(e.community_code, ${length}) in (${sql.join(codes.map((code) => sql`${code}`), sql`, `)})
    ), firm_status as (
      select f.code, (
        select c.status from permits.enterprise_status_changes c
        where c.enterprise_id = f.id and c.at <= ${t}
        order by c.at desc, c.id desc limit 1
      ) as status
      from firms f
    ), permit_status as (
      select f.code, p.resident_id, p.valid_from, p.valid_to, (
        select ev.to_status from permits.permit_events ev
        where ev.permit_id = p.id and ev.at <= ${t}
        order by ev.at desc, ev.id desc limit 1
      ) as status
      from firms f
      join permits.work_permits p on p.enterprise_id = f.id and p.applied_at <= ${t}
    ), permit_counts as (
      select code,
        count(*) filter (where status = 'PENDING')::int as pending,
        count(*) filter (where status = 'APPROVED' and valid_from <= ${t} and valid_to > ${t})::int as active,
        count(distinct resident_id) filter (where status = 'APPROVED' and valid_from <= ${t} and valid_to > ${t})::int as resumed_workers
      from permit_status group by code
    ), firm_counts as (
      select code, count(*) filter (where status = 'APPROVED_TO_RESUME')::int as enterprises_resumed
      from firm_status group by code
    )
    select fc.code,
      coalesce(pc.pending, 0) as pending,
      coalesce(pc.active, 0) as active,
      coalesce(pc.resumed_workers, 0) as "resumedWorkers",
      fc.enterprises_resumed as "enterprisesResumed"
    from firm_counts fc
    left join permit_counts pc on pc.code = fc.code`,
  );
  const byCode = new Map(rows.map(({ code, ...indexes }) => [code, indexes]));
  return new Map(codes.map((code) => [code, byCode.get(code) ?? { ...EMPTY }]));
}
