/**
 * Reads population's history (population-history.ts) from the database:
 * every residency and tagging still holding at `since` or later, with each
 * resident's birth date and each tag's category, as populationColumnsAt
 * reads them for one instant.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import type { HistorySource } from '../../shared/snapshot/statistics-history.js';
import { PopulationHistory, type HistoryRows, type ResidencyRow } from './population-history.js';
import type { PopulationIndexColumns } from './population-indexes.js';

/** Resident IDs per statement: a district is read in ~13 slices, never held as row objects whole. */
const RESIDENTS_PER_SLICE = 100_000;

/** Epoch milliseconds rounded up (see history-tables.ts); null (open) stays null. */
const millis = (instant: SQL) => sql`ceil(extract(epoch from ${instant}) * 1000)::float8`;

/** The history of the residents `which` selects (a condition on a resident_id column), in resident order. */
async function historyRows(tx: Db, which: (residentId: SQL) => SQL, since: Date): Promise<HistoryRows> {
  const from = sql`${since.toISOString()}::timestamptz`;
  const residencies = await queryRows<Omit<ResidencyRow, 'start' | 'end'> & { start: number | null; end: number | null }>(
    tx,
    // A start before the window is left out (null): every instant asked for is after it, and most residencies have one.
    sql`select r.resident_id::int as "residentId", case when r.started_at > ${from} then ${millis(sql`r.started_at`)} end as start, ${millis(sql`r.ended_at`)} as "end",
          r.community_code as "communityCode", r.household_id::int as "householdId", r.residency_type as "residencyType",
          to_char(res.birth_date, 'YYYYMMDD')::int as birth
        from population.residencies r join population.residents res on res.id = r.resident_id
        where ${which(sql`r.resident_id`)} and ${which(sql`res.id`)} and (r.ended_at is null or r.ended_at > ${from})
        order by r.resident_id, r.started_at`,
  );
  const taggings = await queryRows<{ residentId: number; tagCode: string; specialCare: boolean; from: number; until: number | null }>(
    tx,
    sql`select t.resident_id::int as "residentId", t.tag_code as "tagCode", g.category = 'SPECIAL_CARE' as "specialCare",
          ${millis(sql`t.tagged_at`)} as "from", ${millis(sql`t.untagged_at`)} as "until"
        from population.resident_tags t join population.tags g on g.code = t.tag_code
        where ${which(sql`t.resident_id`)} and (t.untagged_at is null or t.untagged_at > ${from})
        order by t.resident_id`,
  );
  for (const residency of residencies) {
    residency.start ??= -Infinity;
    residency.end ??= Infinity;
  }
  for (const tagging of taggings) tagging.until ??= Infinity;
  return { residencies: residencies as ResidencyRow[], taggings: taggings as HistoryRows['taggings'] };
}

async function loadPopulationHistory(tx: Db, since: Date): Promise<PopulationHistory> {
  const [ids] = await queryRows<{ low: number | null; high: number | null }>(tx, sql`select min(id)::int as low, max(id)::int as high from population.residents`);
  const [low, high] = [ids!.low ?? 1, ids!.high ?? 0];
  const history = new PopulationHistory(high);
  for (let first = low; first <= high; first += RESIDENTS_PER_SLICE) {
    const last = first + RESIDENTS_PER_SLICE - 1;
    history.append(await historyRows(tx, (id) => sql`${id} between ${first} and ${last}`, since));
  }
  history.trim();
  return history;
}

export const populationHistorySource: HistorySource<PopulationHistory, PopulationIndexColumns> = {
  schema: 'population',
  load: loadPopulationHistory,
  async reload(tx, history, residentIds, since) {
    if (residentIds.length === 0) return;
    history.replace(residentIds, await historyRows(tx, (id) => sql`${id} = any(${`{${residentIds.join(',')}}`}::bigint[])`, since));
  },
  columnsAt: (history, regionCodes, at) => history.columnsAt(regionCodes, at),
};
