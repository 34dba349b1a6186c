/**
 * Where a consumer reads a producer's outbox. With one database for every subgraph (the default) it is the
 * consumer's own database, where the producer's schema lives too. With a database per subgraph it is the
 * producer's own database, reached through a connection of the consumer's process (`<PRODUCER>_DATABASE_URL`;
 * SELECT on `<producer>.outbox` is all that connection needs, so a read-only role will do). Either way the cursor
 * stays in the consumer's database, so an event's effect is stored exactly once, and events are read in id order
 * per producer.
 *
 * Whoever opens a subgraph's database attaches its producers' connections to that handle (attachProducerDatabases,
 * serve-subgraph.ts); the consumers (subgraphs/<x>/events.ts) name their source by producer only (producerSource),
 * resolved at every poll, so the order of building and attaching does not matter.
 */
import type { Db } from '../db/database.js';
import { producerOutbox, type OutboxTable } from './outbox-table.js';

/** The subgraphs that publish events (permits publishes none). */
export const PRODUCERS = ['population', 'health', 'cases'] as const;
export type Producer = (typeof PRODUCERS)[number];

const attached = new WeakMap<Db, Partial<Record<Producer, Db>>>();

/** From now on, consumers built on `db` read each given producer's outbox through its connection. */
export function attachProducerDatabases(db: Db, producers: Partial<Record<Producer, Db>>): void {
  attached.set(db, { ...attached.get(db), ...producers });
}

/** A consumer's source: the producer's outbox, in the producer's database when one is attached, else in `db`. */
export function producerSource(db: Db, producer: Producer): { readonly db: Db; readonly outbox: OutboxTable } {
  return {
    get db() {
      return attached.get(db)?.[producer] ?? db;
    },
    outbox: producerOutbox(producer),
  };
}
