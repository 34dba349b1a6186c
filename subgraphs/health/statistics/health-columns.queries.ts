/**
 * Fills HealthIndexColumns from the database: the facts of everyone living in
 * the district at an instant, gathered by healthFactsAt in slices of resident
 * IDs (each slice walks the (resident_id, …) indexes of the fact tables; the
 * whole district at once would hold a million rows as objects in memory).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import type { HealthRules } from '../context.js';
import { instantSql } from '../exemption/exemption.queries.js';
import { healthFactsAt } from '../health-code/health-facts.queries.js';
import { HealthIndexColumns } from './health-indexes.js';

const SLICE = 100_000;

/** Columns for the residents living at `at` in any of these regions (codes of any level). */
export async function healthColumnsAt(db: Db, regionCodes: readonly string[], at: Date, rules: HealthRules): Promise<HealthIndexColumns> {
  const [ids] = await queryRows<{ low: string | null; high: string | null; n: number }>(
    db,
    sql`select min(resident_id) as low, max(resident_id) as high, count(*)::int as n from health.people`,
  );
  const columns = new HealthIndexColumns(at, rules, ids!.n);
  if (ids!.low === null) return columns;
  for (let from = Number(ids!.low); from <= Number(ids!.high!); from += SLICE) {
    columns.add(await healthFactsAt(db, { regionCodes, residentIdRange: { from, to: from + SLICE - 1 } }, at));
  }
  return columns;
}

/**
 * Until when columns read at `at` stay exact: the earliest instant after `at` recorded in a fact (an exemption
 * or quarantine planned to end, a residence ending, a result dated later) or at which a venue exposure counted
 * at `at` lapses.
 */
export async function healthFactsChangeAfter(db: Db, at: Date, columns: HealthIndexColumns): Promise<Date | null> {
  const t = instantSql(at);
  const [next] = await queryRows<{ at: string | null }>(
    db,
    sql`select least(
      (select least(min(starts_at) filter (where starts_at > ${t}), min(ends_at) filter (where ends_at > ${t})) from health.exemptions),
      (select least(min(active_from) filter (where active_from > ${t}), min(active_until) filter (where active_until > ${t})) from health.case_facts),
      (select least(min(starts_at) filter (where starts_at > ${t}), min(ends_at) filter (where ends_at > ${t}), min(released_at) filter (where released_at > ${t})) from health.quarantines),
      (select least(min(started_at) filter (where started_at > ${t}), min(ended_at) filter (where ended_at > ${t}), min(planned_end_at) filter (where planned_end_at > ${t})) from health.home_observations),
      (select least(min(started_at) filter (where started_at > ${t}), min(ended_at) filter (where ended_at > ${t})) from health.residence_periods),
      (select least(min(sampled_at) filter (where sampled_at > ${t}), min(result_at) filter (where result_at > ${t})) from health.samples),
      (select min(administered_at) from health.doses where administered_at > ${t}),
      (select min(scanned_at) from health.scans where scanned_at > ${t})
    ) as at`,
  );
  const nextFact = parseTimestamp(next!.at)?.getTime() ?? Infinity;
  const until = Math.min(nextFact, columns.exposureEndsAt);
  return Number.isFinite(until) ? new Date(until) : null;
}
