/**
 * Exemption reads, and the one definition of "exempt from testing at T" that
 * the call list, the health codes and the statistics all use.
 */
import { and, desc, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../shared/db/database.js';
import { instantSql } from '../../shared/db/instants.js';
import { exemptions, people } from '../db.js';

export type ExemptionRow = typeof exemptions.$inferSelect;

/** Re-exported for health/statistics/health-columns.queries.ts until it imports shared/db/instants.js itself. */
export { instantSql };

// Its own alias, so the condition can sit inside a query that reads health.exemptions itself.
const covering = alias(exemptions, 'exempt_at');
// An alias renders as its bare name; the FROM clause names the table and the alias.
const coveringFrom = sql`${exemptions} ${sql.identifier('exempt_at')}`;

/** SQL condition on an exemptions row (or an alias of the table): it holds at `t` (starts_at ≤ t and (ends_at is null or ends_at > t)). */
function exemptionHoldsAt(row: { startsAt: AnyColumn; endsAt: AnyColumn }, t: SQL): SQL {
  return sql`(${row.startsAt} <= ${t} and (${row.endsAt} is null or ${row.endsAt} > ${t}))`;
}

/**
 * SQL condition: the resident whose ID is `residentId` (a column or expression of the outer query)
 * has an exemption from routine testing, of either source (TAG or RECORD), holding at `at`.
 * Uses exemptions_resident_id_idx: for a few residents at a time.
 */
export function exemptAt(residentId: AnyColumn | SQL, at: Date | SQL | AnyColumn): SQL {
  return sql`exists (select 1 from ${coveringFrom} where ${covering.residentId} = ${residentId} and ${exemptionHoldsAt(covering, instantSql(at))})`;
}

/** A condition on a resident ID column or expression: which residents a set-based relation is wanted for. */
export type ResidentCondition = (residentId: SQL) => SQL;

/** SQL relation (resident_id): the residents `whose` picks (default: all) that are exempt at `at` (the same rule, set-based). */
export function exemptResidentIds(at: Date | SQL | AnyColumn, whose: ResidentCondition = () => sql`true`): SQL {
  return sql`select distinct ${exemptions.residentId} as resident_id from ${exemptions}
    where ${exemptionHoldsAt(exemptions, instantSql(at))} and ${whose(sql`${exemptions.residentId}`)}`;
}

/** Every exemption of these residents (both sources, ended ones too), newest start first. */
export async function exemptionsOf(db: Db, residentIds: readonly number[]): Promise<ExemptionRow[]> {
  return db
    .select()
    .from(exemptions)
    .where(inArray(exemptions.residentId, [...residentIds]))
    .orderBy(desc(exemptions.startsAt), desc(exemptions.id));
}

/** Which of these residents are exempt at `at` (through exemptAt, the one definition). */
export async function exemptResidentsAt(db: Db, residentIds: readonly number[], at: Date): Promise<Set<number>> {
  const rows = await db
    .select({ residentId: people.residentId })
    .from(people)
    .where(and(inArray(people.residentId, [...residentIds]), exemptAt(people.residentId, at)));
  return new Set(rows.map((row) => row.residentId));
}
