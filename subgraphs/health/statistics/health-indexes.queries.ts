/**
 * Fills HealthIndexColumns from the database: the facts of everyone living in
 * the district at an instant, gathered by healthFactsAt in slices of resident
 * IDs (each slice walks the (resident_id, …) indexes of the fact tables; the
 * whole district at once would hold a million rows as objects in memory).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import type { HealthRules } from '../health-code/rules.js';
import { instantSql } from '../exemption/exemption.queries.js';
import { healthFactsAt } from '../health-code/health-facts.queries.js';
import { exposureScansOf } from '../venue/venue.queries.js';
import { earliestAfter } from '../../shared/snapshot/region-statistics.js';
import { HealthIndexColumns } from './health-indexes.js';

const SLICE = 100_000;

/** Columns for the residents living at `at` in any of these regions (codes of any level). */
export async function healthColumnsAt(db: Db, regionCodes: readonly string[], at: Date, rules: HealthRules): Promise<HealthIndexColumns> {
  const [ids] = await queryRows<{ low: string | null; high: string | null; n: number }>(
    db,
    sql`select min(resident_id) as low, max(resident_id) as high, count(*)::int as n from health.people`,
  );
  const columns = new HealthIndexColumns(at, rules, ids!.n, Number(ids!.high ?? 0));
  if (ids!.low === null) return columns;
  for (let from = Number(ids!.low); from <= Number(ids!.high!); from += SLICE) {
    columns.add(await healthFactsAt(db, { regionCodes, residentIdRange: { from, to: from + SLICE - 1 } }, at));
  }
  return columns;
}

/**
 * Instants after `at` recorded ahead about one resident (an exemption or quarantine planned to end, an
 * observation's planned end, a residence ending): each joins the columns' due list, and that resident alone is
 * read again when it comes.
 */
async function recordedAhead(db: Db, at: Date, residentIds?: readonly number[]): Promise<{ at: number; residentId: number }[]> {
  const t = instantSql(at);
  const whose = residentIds ? sql`and resident_id = any(${`{${residentIds.join(',')}}`}::bigint[])` : sql``;
  const rows = await queryRows<{ resident_id: string | number; at: string }>(
    db,
    sql`select resident_id, t as at from (
      select resident_id, unnest(array[starts_at, ends_at]) as t from health.exemptions where true ${whose}
      union all select resident_id, unnest(array[active_from, active_until]) from health.case_facts where true ${whose}
      union all select resident_id, unnest(array[starts_at, ends_at, released_at]) from health.quarantines where true ${whose}
      union all select resident_id, unnest(array[started_at, ended_at, planned_end_at]) from health.home_observations where true ${whose}
      union all select resident_id, unnest(array[started_at, ended_at]) from health.residence_periods where (started_at > ${t} or ended_at > ${t}) ${whose}
    ) recorded where t > ${t}`,
  );
  return rows.map((row) => ({ at: parseTimestamp(row.at).getTime(), residentId: Number(row.resident_id) }));
}

/**
 * Until when columns read at `at` stay exact without reading them all again: instants recorded ahead about one
 * resident join the due list (recordedAhead); a sample, result, dose or scan dated after `at` (refused when
 * written, so only loaded data has them) ends the validity.
 */
export async function healthFactsChangeAfter(db: Db, at: Date, columns: HealthIndexColumns): Promise<Date | null> {
  columns.addDue(await recordedAhead(db, at));
  return earliestAfter(db, at, (t) => [
    sql`(select least(min(sampled_at) filter (where sampled_at > ${t}), min(result_at) filter (where result_at > ${t})) from health.samples)`,
    sql`(select min(administered_at) from health.doses where administered_at > ${t})`,
    sql`(select min(scanned_at) from health.scans where scanned_at > ${t})`,
  ]);
}

/**
 * Brings the present columns up to `at`: re-reads the residents that writes changed, those whose recorded
 * instants have come, and those whose venue exposures changed through someone else (a positive result, a scan).
 */
export async function refreshHealthColumns(db: Db, columns: HealthIndexColumns, changed: readonly number[], at: Date): Promise<void> {
  const exposures = changed.length > 0 ? columns.exposuresChanged(await exposureScansOf(db, null, at)) : [];
  const ids = [...new Set([...changed, ...columns.dueResidents(at), ...exposures])];
  if (ids.length === 0) return;
  columns.replace(ids, await healthFactsAt(db, { residentIds: ids }, at), at);
  columns.addDue(await recordedAhead(db, at, ids));
}
