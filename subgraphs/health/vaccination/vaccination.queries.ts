import { asc, inArray, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import { doses, type DoseRow } from '../db.js';
import { PRIMARY_SERIES_DOSES } from './vaccination.rules.js';

/** Every dose of each resident, in dose-number order, in one statement. */
export async function dosesOf(db: Executor, residentIds: readonly number[]): Promise<DoseRow[]> {
  if (residentIds.length === 0) return [];
  return db
    .select()
    .from(doses)
    .where(inArray(doses.residentId, [...residentIds]))
    .orderBy(asc(doses.residentId), asc(doses.doseNumber));
}

/**
 * SQL for the primary-series length of the product in `product` (a vaccine_product column or expression),
 * built from the rules' table so set-based statistics and vaccination.rules.ts cannot disagree.
 */
export function primarySeriesDosesSql(product: AnyColumn | SQL): SQL<number> {
  const branches = Object.entries(PRIMARY_SERIES_DOSES).map(([code, count]) => sql`when ${sql.raw(`'${code}'`)} then ${sql.raw(String(count))}`);
  return sql<number>`(case ${product}::text ${sql.join(branches, sql` `)} end)`;
}

/**
 * Set-based vaccinationStatusAt (vaccination.rules.ts) for statistics: one row per resident with at least one dose
 * administered at or before `at`: how many, the primary-series length set by the lowest-numbered (normally the first)
 * of them, and whether that makes them fully vaccinated and boosted. Residents without a counted dose have no row.
 * Use as a subquery: `db.select(...).from(people).leftJoin(v, eq(v.residentId, people.residentId))`.
 */
export function vaccinationAtSql(db: Executor, at: Date) {
  const counted = sql<number>`count(*)::int`;
  const series = sql<number>`(array_agg(${primarySeriesDosesSql(doses.product)} order by ${doses.doseNumber}))[1]`;
  return db
    .select({
      residentId: doses.residentId,
      doses: counted.as('doses'),
      primarySeriesDoses: series.as('primary_series_doses'),
      fullyVaccinated: sql<boolean>`${counted} >= ${series}`.as('fully_vaccinated'),
      boosted: sql<boolean>`${counted} > ${series}`.as('boosted'),
    })
    .from(doses)
    .where(lte(doses.administeredAt, at))
    .groupBy(doses.residentId)
    .as('vaccination_at');
}
