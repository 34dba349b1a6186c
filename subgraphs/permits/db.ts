/**
 * Storage of the permits subgraph, in the Postgres schema `permits`. This issue
 * lays enterprises and permits; the permits issue adds their lifecycle.
 */
import { bigint, date, index, pgSchema, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

export const permits = pgSchema('permits');

export const permitStatus = permits.enum('permit_status', ['PENDING', 'APPROVED', 'REJECTED', 'REVOKED', 'EXPIRED']);

export const enterprises = permits.table(
  'enterprises',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    creditCode: varchar('credit_code', { length: 18 }).notNull(),
    name: text('name').notNull(),
    industry: text('industry').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
  },
  (t) => [uniqueIndex('enterprises_credit_code_idx').on(t.creditCode), index('enterprises_community_code_idx').on(t.communityCode)],
);

export const workPermits = permits.table(
  'work_permits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    enterpriseId: bigint('enterprise_id', { mode: 'number' }).notNull().references(() => enterprises.id),
    status: permitStatus('status').notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [index('work_permits_resident_id_idx').on(t.residentId), index('work_permits_enterprise_id_idx').on(t.enterpriseId)],
);

export type EnterpriseRow = typeof enterprises.$inferSelect;
export type WorkPermitRow = typeof workPermits.$inferSelect;
