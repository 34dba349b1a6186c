/**
 * Storage of the cases subgraph, in the Postgres schema `cases`. This issue
 * lays the case table; the cases issue adds facilities, timeline and contacts.
 */
import { bigint, index, pgSchema, timestamp, varchar } from 'drizzle-orm/pg-core';
import { outboxTable } from '../shared/events/outbox-table.js';

export const cases = pgSchema('cases');

export const caseStatus = cases.enum('case_status', ['REPORTED', 'TRANSFERRED', 'DISCHARGED', 'DECEASED']);
export const caseClassification = cases.enum('case_classification', ['ASYMPTOMATIC', 'MILD', 'MODERATE', 'SEVERE', 'CRITICAL']);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const positiveCases = cases.table(
  'positive_cases',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    reportedAt: instant('reported_at').notNull(),
    classification: caseClassification('classification').notNull(),
    status: caseStatus('status').notNull(),
  },
  (t) => [index('positive_cases_resident_id_idx').on(t.residentId), index('positive_cases_community_code_idx').on(t.communityCode, t.reportedAt)],
);

/** Facts cases publishes (contracts in shared/events/contracts.ts): health consumes them for codes and home observation. */
export const outbox = outboxTable(cases);

export type PositiveCaseRow = typeof positiveCases.$inferSelect;
