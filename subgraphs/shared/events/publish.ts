/**
 * Writing to a subgraph's outbox. Consumers read outboxes in id order and keep
 * a high-water mark, so an id must never become visible after a higher one:
 * publish takes a per-outbox transaction lock before inserting, which orders
 * commits by id. Publish last in a transaction so the lock is held briefly.
 */
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.js';
import type { OutboxTable } from './outbox-table.js';

export interface EventMessage {
  topic: string;
  payload: object;
}

export async function publishTo(tx: Executor, table: OutboxTable, events: EventMessage | readonly EventMessage[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events as EventMessage];
  if (list.length === 0) return;
  const { schema, name } = getTableConfig(table);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${schema}.${name}`}))`);
  await tx.insert(table).values(list.map((event) => ({ topic: event.topic, payload: event.payload })));
}
