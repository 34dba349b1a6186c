/**
 * Reads PopulationIndexColumns from the database, straight from the
 * definitions: a resident counts when one of their residency periods covers
 * the instant; tags are taken at that instant (ages at evaluation).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { PopulationIndexColumns, type PresentResident } from './population-indexes.js';
import { inRegion } from '../../shared/region-sql.js';
import { earliestAfter } from '../../shared/snapshot/region-statistics.js';

/** Communities per statement: a district is read in slices of ~130,000 residents (as rows they are held in memory). */
const COMMUNITIES_PER_SLICE = 32;

/** The residents living at `at` whose residency matches `which` (a condition on residencies r). */
async function residentsAt(db: Db, which: SQL, at: Date): Promise<PresentResident[]> {
  const instant = sql`${at.toISOString()}::timestamptz`;
  const rows = await queryRows<{
    resident_id: string | number;
    community_code: string;
    household_id: string | number;
    residency_type: PresentResident['residencyType'];
    birth_date: string;
    tags: string[] | null;
    special_care: boolean | null;
  }>(
    db,
    sql`
    select r.resident_id, r.community_code, r.household_id, r.residency_type, res.birth_date, held.tags, held.special_care
    from population.residencies r
    join population.residents res on res.id = r.resident_id
    left join (
      -- Grouped once for the residents wanted (a lateral subquery per resident took twice as long for a district).
      select t.resident_id, array_agg(t.tag_code) as tags, bool_or(g.category = 'SPECIAL_CARE') as special_care
      from population.resident_tags t join population.tags g on g.code = t.tag_code
      where t.tagged_at <= ${instant} and (t.untagged_at is null or t.untagged_at > ${instant})
        and t.resident_id in (select r.resident_id from population.residencies r where ${which})
      group by t.resident_id
    ) held on held.resident_id = r.resident_id
    where ${which} and r.started_at <= ${instant} and (r.ended_at is null or r.ended_at > ${instant})`,
  );
  return rows.map((row) => ({
    residentId: Number(row.resident_id),
    communityCode: row.community_code,
    householdId: Number(row.household_id),
    residencyType: row.residency_type,
    birthDate: row.birth_date,
    tags: row.tags ?? [],
    specialCare: row.special_care === true,
  }));
}

/** Columns of the residents living at `at` in any of these regions (codes of any level). */
export async function populationColumnsAt(db: Db, regionCodes: readonly string[], at: Date): Promise<PopulationIndexColumns> {
  const instant = sql`${at.toISOString()}::timestamptz`;
  const inRegions = sql.join(regionCodes.map((code) => inRegion(sql`r.community_code`, code)), sql` or `);
  const communities = await queryRows<{ community_code: string; residents: number }>(
    db,
    sql`select r.community_code, count(*)::int as residents from population.residencies r
        where r.started_at <= ${instant} and (r.ended_at is null or r.ended_at > ${instant}) and (${inRegions}) group by 1 order by 1`,
  );
  const [ids] = await queryRows<{ high: string | null }>(db, sql`select max(id) as high from population.residents`);
  const columns = new PopulationIndexColumns(at, communities.reduce((sum, c) => sum + c.residents, 0), Number(ids!.high ?? 0));
  for (let first = 0; first < communities.length; first += COMMUNITIES_PER_SLICE) {
    const slice = `{${communities.slice(first, first + COMMUNITIES_PER_SLICE).map((c) => c.community_code).join(',')}}`;
    columns.add(await residentsAt(db, sql`r.community_code = any(${slice}::text[])`, at));
  }
  return columns;
}

/** Brings the present columns up to `at` for the residents that writes changed. */
export async function refreshPopulationColumns(db: Db, columns: PopulationIndexColumns, changed: readonly number[], at: Date): Promise<void> {
  if (changed.length === 0) return;
  columns.replace(changed, await residentsAt(db, sql`r.resident_id = any(${`{${changed.join(',')}}`}::bigint[])`, at));
}

/** The earliest instant after `at` at which a residency or a tagging starts or ends (recorded ahead), or null. */
export function populationChangeAfter(db: Db, at: Date): Promise<Date | null> {
  return earliestAfter(db, at, (t) => [
    sql`(select least(min(started_at) filter (where started_at > ${t}), min(ended_at) filter (where ended_at > ${t})) from population.residencies)`,
    sql`(select least(min(tagged_at) filter (where tagged_at > ${t}), min(untagged_at) filter (where untagged_at > ${t})) from population.resident_tags)`,
  ]);
}
