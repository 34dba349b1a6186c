/**
 * The Postgres schema `health` and its enum types, shared by every table of
 * the subgraph (tables are in facts, projections, ingest and outbox).
 */
import { char, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';

export const health = pgSchema('health');

export const tubeType = health.enum('tube_type', ['SINGLE', 'POOLED']);
export const testResult = health.enum('test_result', ['PENDING', 'NEGATIVE', 'POSITIVE', 'INVALID']);
export const vaccineProduct = health.enum('vaccine_product', ['SINOPHARM_BIBP', 'SINOVAC_CORONAVAC', 'CANSINO_AD5', 'ZF2001']);
export const outreachOutcome = health.enum('outreach_outcome', ['WILL_TEST', 'NOT_REACHABLE', 'AWAY', 'EXEMPT', 'REFUSED']);
export const codeColor = health.enum('code_color', ['GREEN', 'YELLOW', 'RED']);

/** An instant: timestamptz read as a Date. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });


/** The columns of one lab row as delivered: a staged row and a stored sample hold the same (fresh builders per table). */
export const labRowColumns = () => ({
  idNumber: char('id_number', { length: 18 }).notNull(),
  sampledAt: instant('sampled_at').notNull(),
  tubeType: tubeType('tube_type').notNull(),
  poolBarcode: varchar('pool_barcode', { length: 32 }),
  result: testResult('result').notNull(),
  resultAt: instant('result_at'),
  site: text('site').notNull(),
  lab: text('lab').notNull(),
});
