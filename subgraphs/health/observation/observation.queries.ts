import { and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../shared/db/database.js';
import { instantSql } from '../../shared/db/instants.js';
import { homeObservations, type HomeObservationRow } from '../db.js';
import { homeObservationActiveAt } from './observation.rules.js';

/** Per resident: the observation active at `at`, else the one that started last (≤ at), in one statement. */
export async function currentOrLatestObservationOf(db: Db, residentIds: readonly number[], at: Date): Promise<HomeObservationRow[]> {
  return db
    .selectDistinctOn([homeObservations.residentId])
    .from(homeObservations)
    .where(and(inArray(homeObservations.residentId, [...residentIds]), sql`${homeObservations.startedAt} <= ${instantSql(at)}`))
    .orderBy(homeObservations.residentId, sql`${homeObservationActiveAt(at)} desc`, desc(homeObservations.startedAt), desc(homeObservations.id));
}

/** The resident's observation active at `at`, if any. */
export async function activeObservationOf(db: Executor, residentId: number, at: Date): Promise<HomeObservationRow | undefined> {
  const [row] = await db
    .select()
    .from(homeObservations)
    .where(and(eq(homeObservations.residentId, residentId), homeObservationActiveAt(at)))
    .orderBy(desc(homeObservations.startedAt))
    .limit(1);
  return row;
}

/** The resident's observations whose active period [started_at, min(ended_at, planned_end_at)) meets [from, until). */
export async function observationsOverlapping(db: Executor, residentId: number, from: Date, until: Date): Promise<HomeObservationRow[]> {
  return db
    .select()
    .from(homeObservations)
    .where(
      and(
        eq(homeObservations.residentId, residentId),
        lt(homeObservations.startedAt, until),
        gt(homeObservations.plannedEndAt, from),
        sql`(${homeObservations.endedAt} is null or ${homeObservations.endedAt} > ${instantSql(from)})`,
      ),
    )
    .orderBy(desc(homeObservations.startedAt));
}
