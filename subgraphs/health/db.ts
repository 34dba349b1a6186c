/**
 * Storage of the health subgraph, in the Postgres schema `health`. This issue
 * lays the sample table the later health issue builds on.
 */
import { bigint, index, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';

export const health = pgSchema('health');

export const tubeType = health.enum('tube_type', ['SINGLE', 'POOLED']);
export const testResult = health.enum('test_result', ['PENDING', 'NEGATIVE', 'POSITIVE', 'INVALID']);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A nucleic-acid (PCR) sample of one resident. */
export const samples = health.table(
  'samples',
  {
    barcode: varchar('barcode', { length: 32 }).primaryKey(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    sampledAt: instant('sampled_at').notNull(),
    tubeType: tubeType('tube_type').notNull(),
    result: testResult('result').notNull(),
    resultAt: instant('result_at'),
    site: text('site').notNull(),
    lab: text('lab').notNull(),
  },
  (t) => [index('samples_resident_id_sampled_at_idx').on(t.residentId, t.sampledAt)],
);

export type SampleRow = typeof samples.$inferSelect;
