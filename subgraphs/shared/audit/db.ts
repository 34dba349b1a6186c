/**
 * Storage of the audit trail, in its own Postgres schema `audit`: who read
 * unmasked personal data and who changed what. Append-only: the application
 * only inserts, and a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';

export const audit = pgSchema('audit');

export const AUDIT_ACTIONS = ['READ_PERSONAL', 'CHANGE'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditEvents = audit.table(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The viewer's id (the token's `sub`). */
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    region: varchar('region', { length: 12 }).notNull(),
    action: text('action').$type<AuditAction>().notNull(),
    operationName: text('operation_name'),
    /** Root fields of the operation (the mutations run, or the fields read). */
    fields: text('fields').array().notNull(),
    residentIds: bigint('resident_ids', { mode: 'number' }).array().notNull(),
    /** The caller's stated purpose (`x-purpose` header), cleaned and cut to 200 characters. */
    purpose: varchar('purpose', { length: 200 }),
  },
  (t) => [
    index('events_at_idx').on(t.at),
    index('events_actor_idx').on(t.actor, t.at),
    index('events_resident_ids_idx').using('gin', t.residentIds),
    check('events_action_check', sql`${t.action} in ('READ_PERSONAL', 'CHANGE')`),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
