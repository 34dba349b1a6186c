/**
 * Storage of the permits subgraph, in the Postgres schema `permits`.
 * Statuses are kept as append-only change rows (who, when, why), so the
 * status of any enterprise or permit at any past instant is exact; the
 * current status on the main row is a cache of the latest change, written in
 * the same transaction.
 */
import { bigint, index, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { eventCursorTable } from '../shared/events/outbox-table.js';
import { residencePeriodsTable } from '../shared/residence/residence-periods-table.js';

export const permits = pgSchema('permits');

export const permitStatus = permits.enum('permit_status', ['PENDING', 'APPROVED', 'REJECTED', 'REVOKED', 'EXPIRED']);
export const resumptionStatus = permits.enum('resumption_status', ['NOT_RESUMED', 'APPROVED_TO_RESUME', 'SUSPENDED']);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const enterprises = permits.table(
  'enterprises',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** Unified social credit code (GB 32100, 18 characters). */
    creditCode: varchar('credit_code', { length: 18 }).notNull(),
    name: text('name').notNull(),
    industry: text('industry').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    /** Cache of the latest enterprise_status_changes row. */
    resumptionStatus: resumptionStatus('resumption_status').notNull().default('NOT_RESUMED'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_idx').on(t.creditCode),
    index('enterprises_community_code_idx').on(t.communityCode),
    index('enterprises_resumption_status_idx').on(t.resumptionStatus, t.communityCode),
  ],
);

/** Every change of an enterprise's resumption status: who, when, why. */
export const enterpriseStatusChanges = permits.table(
  'enterprise_status_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    enterpriseId: bigint('enterprise_id', { mode: 'number' }).notNull().references(() => enterprises.id),
    status: resumptionStatus('status').notNull(),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
  },
  (t) => [index('enterprise_status_changes_enterprise_id_idx').on(t.enterpriseId, t.at)],
);

export const workPermits = permits.table(
  'work_permits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    enterpriseId: bigint('enterprise_id', { mode: 'number' }).notNull().references(() => enterprises.id),
    /** Kind of permit, e.g. ON_SITE or CLOSED_LOOP (free text, validated by the application). */
    type: text('type').notNull().default('ON_SITE'),
    /** Cache of the latest permit_events row. */
    status: permitStatus('status').notNull(),
    validFrom: instant('valid_from'),
    validTo: instant('valid_to'),
    appliedAt: instant('applied_at').notNull(),
  },
  (t) => [
    index('work_permits_resident_id_idx').on(t.residentId),
    index('work_permits_enterprise_id_idx').on(t.enterpriseId),
    index('work_permits_status_idx').on(t.status, t.enterpriseId),
  ],
);

/** Every status change of a permit (the first is the application): who, when, why, and the evidence (e.g. the health check at approval). */
export const permitEvents = permits.table(
  'permit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    permitId: bigint('permit_id', { mode: 'number' }).notNull().references(() => workPermits.id),
    fromStatus: permitStatus('from_status'),
    toStatus: permitStatus('to_status').notNull(),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    evidence: jsonb('evidence'),
  },
  (t) => [index('permit_events_permit_id_idx').on(t.permitId, t.at), index('permit_events_at_idx').on(t.at)],
);

/**
 * Where each resident lived when, projected from population's events ('permits<-population', events.ts):
 * a holder counts in the permit indexes only while living in the district (a move-out or a death ends it).
 */
export const residencePeriods = residencePeriodsTable(permits);

/** How far permits has consumed the other subgraphs' events (one row per consumer). */
export const eventCursors = eventCursorTable(permits);

export type EnterpriseRow = typeof enterprises.$inferSelect;
export type WorkPermitRow = typeof workPermits.$inferSelect;
export type PermitEventRow = typeof permitEvents.$inferSelect;
export type EnterpriseStatusChangeRow = typeof enterpriseStatusChanges.$inferSelect;

