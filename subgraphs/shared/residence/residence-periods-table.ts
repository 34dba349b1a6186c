/**
 * Where each resident lived when, as population's events told it: the
 * projection every subgraph that counts or lists residents by where they live
 * keeps in its own schema (health, permits, cases), so a rule or index at any
 * past instant needs no other subgraph's tables.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, text, timestamp, uniqueIndex, varchar, type PgSchema } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export function residencePeriodsTable(schema: PgSchema) {
  return schema.table(
    'residence_periods',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
      residentId: bigint('resident_id', { mode: 'number' }).notNull(),
      communityCode: varchar('community_code', { length: 12 }).notNull(),
      address: text('address').notNull(),
      startedAt: instant('started_at').notNull(),
      /** Null while living there; a move within the district ends one period and starts the next at the same instant. */
      endedAt: instant('ended_at'),
    },
    (t) => [
      uniqueIndex('residence_periods_open_idx').on(t.residentId).where(sql`${t.endedAt} is null`),
      index('residence_periods_resident_id_idx').on(t.residentId, t.startedAt),
      index('residence_periods_community_code_idx').on(t.communityCode, t.startedAt),
      // Lists of current residents of a region in address order.
      index('residence_periods_open_address_idx').on(t.communityCode, t.address, t.residentId).where(sql`${t.endedAt} is null`),
    ],
  );
}

export type ResidencePeriodsTable = ReturnType<typeof residencePeriodsTable>;
