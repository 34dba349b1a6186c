/**
 * SQL conditions over health's projection of the cases subgraph's facts
 * (health.case_facts, health.quarantines, kept by events/cases-projection.ts):
 * an active case or a close-contact quarantine at an instant, and since when.
 * The health-code queries (and the tests) read these; the event handler only
 * writes the rows.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { instantSql } from '../../shared/db/instants.js';
import { caseFacts, quarantines } from '../db.js';
import type { ResidentCondition } from '../exemption/exemption.queries.js';

/** The columns of health.case_facts (or an alias of it) the rule reads. */
export interface CaseFactColumns {
  activeFrom: AnyColumn;
  activeUntil: AnyColumn;
}

/** The columns of health.quarantines (or an alias of it) the rule reads. */
export interface QuarantineColumns {
  startsAt: AnyColumn;
  endsAt: AnyColumn;
  releasedAt: AnyColumn;
}

/** SQL condition on a case_facts row: the case is active at `at` (active_from ≤ at and (active_until is null or active_until > at)). */
export function activeCaseAt(at: Date | SQL | AnyColumn, fact: CaseFactColumns = caseFacts): SQL {
  const t = instantSql(at);
  return sql`(${fact.activeFrom} <= ${t} and (${fact.activeUntil} is null or ${fact.activeUntil} > ${t}))`;
}

/**
 * SQL condition on a quarantines row: in quarantine at `at` (starts_at ≤ at < ends_at, and released_at is null
 * or released_at > at). A quarantine ends at its planned end by itself, or earlier when released.
 */
export function inQuarantineAt(at: Date | SQL | AnyColumn, quarantine: QuarantineColumns = quarantines): SQL {
  const t = instantSql(at);
  return sql`(${quarantine.startsAt} <= ${t} and ${quarantine.endsAt} > ${t} and (${quarantine.releasedAt} is null or ${quarantine.releasedAt} > ${t}))`;
}

/** SQL relation (resident_id, since): residents with an active case at `at`, and since when (the ACTIVE_CASE reason's since). */
export function activeCaseStarts(at: Date | SQL | AnyColumn, whose: ResidentCondition = () => sql`true`): SQL {
  return sql`select ${caseFacts.residentId} as resident_id, min(${caseFacts.activeFrom}) as since from ${caseFacts}
    where ${activeCaseAt(at)} and ${whose(sql`${caseFacts.residentId}`)} group by 1`;
}

/** SQL relation (resident_id, since): residents in close-contact quarantine at `at`, and since when (the CLOSE_CONTACT reason's since). */
export function quarantineStarts(at: Date | SQL | AnyColumn, whose: ResidentCondition = () => sql`true`): SQL {
  return sql`select ${quarantines.residentId} as resident_id, min(${quarantines.startsAt}) as since from ${quarantines}
    where ${inQuarantineAt(at)} and ${whose(sql`${quarantines.residentId}`)} group by 1`;
}
