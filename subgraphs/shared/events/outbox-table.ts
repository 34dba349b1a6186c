/**
 * The transactional outbox every producing subgraph keeps in its own schema:
 * facts other subgraphs learn about, written in the same transaction as the
 * change. Consumers read it in id order and keep their own cursor.
 */
import { bigint, index, jsonb, pgSchema, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';

export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      topic: text('topic').notNull(),
      payload: jsonb('payload').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (t) => [index('outbox_topic_idx').on(t.topic, t.id)],
  );
}

export type OutboxTable = ReturnType<typeof outboxTable>;

/** How far each of a subgraph's event consumers has read (one row per consumer), in the consumer's own schema. */
export function eventCursorTable(schema: PgSchema) {
  return schema.table('event_cursors', {
    consumer: text('consumer').primaryKey(),
    lastId: bigint('last_id', { mode: 'number' }).notNull(),
  });
}

export type EventCursorTable = ReturnType<typeof eventCursorTable>;

/** A producer's outbox as a consumer sees it (read-only), without importing the producer's code. */
export function producerOutbox(producer: 'population' | 'health' | 'cases'): OutboxTable {
  return outboxTable(pgSchema(producer));
}
