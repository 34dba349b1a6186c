/** Lab deliveries on their way into samples: the batch of each delivery and its staged rows (see ingest/). */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, text, varchar } from 'drizzle-orm/pg-core';
import { health, instant, labRowColumns } from './schema.js';

/** One lab delivery (API batch or file), keyed by the sender's idempotency key. */
export const ingestBatches = health.table('ingest_batches', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  /** Hash of the delivered rows: a key re-sent with other rows is refused. */
  requestHash: text('request_hash').notNull(),
  source: text('source').notNull(),
  /** STAGED (rows in ingest_staging, not merged yet) or MERGED. */
  status: text('status').notNull(),
  accepted: integer('accepted').notNull().default(0),
  unmatched: integer('unmatched').notNull().default(0),
  rejected: jsonb('rejected').notNull().default(sql`'[]'::jsonb`),
  receivedAt: instant('received_at').notNull().defaultNow(),
  mergedAt: instant('merged_at'),
  /** The LAB_PARTNER credential (token sub) that sent it (its key is scoped to it); null for the district's own deliveries. */
  deliveredBy: text('delivered_by'),
});

/** Validated rows of a delivery waiting to be merged into samples. */
export const ingestStaging = health.table(
  'ingest_staging',
  {
    idempotencyKey: text('idempotency_key').notNull(),
    rowIndex: integer('row_index').notNull(),
    barcode: varchar('barcode', { length: 32 }).notNull(),
    ...labRowColumns(),
  },
  (t) => [index('ingest_staging_key_idx').on(t.idempotencyKey, t.rowIndex)],
);
