/**
 * The one definition of "under home health observation at T", in SQL (for
 * set-based reads: statistics, health codes of many residents) and in
 * TypeScript (for a row already in hand); both say the same and are tested
 * against each other.
 *
 * Active at T: started_at ≤ T and (ended_at is null or ended_at > T) and planned_end_at > T.
 *
 * domain.md says "active at T when start ≤ T and not ended"; an observation
 * also ends by itself at its planned end. Nobody ends the 7 days of
 * observation after a discharge by hand (cases publishes the discharge, health
 * starts the observation, no one comes back for it), so without the planned
 * end a discharged patient's code would stay YELLOW with HOME_OBSERVATION
 * forever, and the `homeObservation.active` index would only ever grow.
 * ended_at records an early end (endHomeObservation).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { homeObservations } from '../db.js';
import { instantSql } from '../../shared/db/instants.js';
import type { ResidentCondition } from '../exemption/exemption.queries.js';

/** The columns the rule reads: health.home_observations or an alias of it. */
export interface ObservationColumns {
  startedAt: AnyColumn;
  plannedEndAt: AnyColumn;
  endedAt: AnyColumn;
}

/** SQL condition on a home_observations row (or an alias of the table): active at `at`. */
export function homeObservationActiveAt(at: Date | SQL | AnyColumn, observation: ObservationColumns = homeObservations): SQL {
  const t = instantSql(at);
  return sql`(${observation.startedAt} <= ${t} and (${observation.endedAt} is null or ${observation.endedAt} > ${t}) and ${observation.plannedEndAt} > ${t})`;
}

/** The same rule for a row in hand. */
export function isHomeObservationActiveAt(observation: { startedAt: Date; plannedEndAt: Date; endedAt: Date | null }, at: Date): boolean {
  const t = at.getTime();
  return observation.startedAt.getTime() <= t && (observation.endedAt === null || observation.endedAt.getTime() > t) && observation.plannedEndAt.getTime() > t;
}

/** When an observation stops (or will stop) being active: its early end, else its planned end. */
export function observationEnd(observation: { plannedEndAt: Date; endedAt: Date | null }): Date {
  return observation.endedAt !== null && observation.endedAt.getTime() < observation.plannedEndAt.getTime() ? observation.endedAt : observation.plannedEndAt;
}

/** SQL relation (resident_id, since): residents under home observation at `at`, and since when (the HOME_OBSERVATION reason's since). */
export function homeObservationStarts(at: Date | SQL | AnyColumn, whose: ResidentCondition = () => sql`true`): SQL {
  return sql`select ${homeObservations.residentId} as resident_id, min(${homeObservations.startedAt}) as since from ${homeObservations}
    where ${homeObservationActiveAt(at)} and ${whose(sql`${homeObservations.residentId}`)} group by 1`;
}
