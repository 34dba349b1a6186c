/**
 * The population indexes, computed set-based for many regions of one level at
 * one instant in a single statement, straight from the definitions: a resident
 * counts when one of their residency periods covers the instant; age and tags
 * are taken at that instant.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import type { PopulationIndexes } from './population-indexes.type.js';

const EMPTY: PopulationIndexes = {
  residents: 0,
  households: 0,
  registered: 0,
  floating: 0,
  overseas: 0,
  children: 0,
  elderly60Plus: 0,
  elderly80Plus: 0,
  specialCare: 0,
};

/** Indexes of regions whose codes all have the same length (one level), keyed by code. */
export async function populationIndexesAt(
  db: Db,
  codes: readonly string[],
  asOf: Date,
): Promise<Map<string, PopulationIndexes>> {
  const length = codes[0]!.length;
  const instant = asOf.toISOString();
  const rows = await queryRows<PopulationIndexes & { code: string }>(
    db,
    sql`
    with day as (
      select (${instant}::timestamptz at time zone 'Asia/Shanghai')::date as today
    ), present as (
      select left(r.community_code, ${length}) as code, r.resident_id, r.household_id, r.residency_type
      from population.residencies r
      where left(r.community_code, ${length}) in (${sql.join(codes.map((code) => sql`${code}`), sql`, `)})
        and r.started_at <= ${instant}::timestamptz
        and (r.ended_at is null or r.ended_at > ${instant}::timestamptz)
    )
    select p.code,
      count(*)::int as residents,
      count(distinct p.household_id)::int as households,
      count(*) filter (where p.residency_type = 'REGISTERED')::int as registered,
      count(*) filter (where p.residency_type = 'FLOATING')::int as floating,
      count(*) filter (where p.residency_type = 'OVERSEAS')::int as overseas,
      count(*) filter (where res.birth_date > (day.today - interval '18 years')::date)::int as children,
      count(*) filter (where res.birth_date <= (day.today - interval '60 years')::date)::int as "elderly60Plus",
      count(*) filter (where res.birth_date <= (day.today - interval '80 years')::date)::int as "elderly80Plus",
      count(*) filter (where exists (
        select 1 from population.resident_tags t
        join population.tags g on g.code = t.tag_code and g.category = 'SPECIAL_CARE'
        where t.resident_id = p.resident_id
          and t.tagged_at <= ${instant}::timestamptz
          and (t.untagged_at is null or t.untagged_at > ${instant}::timestamptz)
      ))::int as "specialCare"
    from present p
    join population.residents res on res.id = p.resident_id
    cross join day
    group by p.code, day.today`,
  );
  const byCode = new Map(rows.map(({ code, ...indexes }) => [code, indexes]));
  return new Map(codes.map((code) => [code, byCode.get(code) ?? { ...EMPTY }]));
}
