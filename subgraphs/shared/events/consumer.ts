/**
 * An event consumer: reads a producer's outbox after its cursor, applies each
 * event and advances the cursor in one transaction of its own database, so an
 * event's effect is stored exactly once even when delivery is repeated (after
 * a crash, or by several replicas racing: the cursor row lock picks one).
 * Polls in the background; `drain()` catches up now (tests, start-up).
 */
import { eq, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { queryRows, type Db, type Executor } from '../db/database.js';
import { parseTimestamp } from '../db/timestamps.js';
import type { EventCursorTable, OutboxTable } from './outbox-table.js';

export interface OutboxEvent {
  id: number;
  topic: string;
  payload: unknown;
  createdAt: Date;
}

export interface EventConsumerOptions {
  /** Cursor key, e.g. 'health<-population'. */
  name: string;
  /** The producer's database and outbox. */
  source: { db: Db; outbox: OutboxTable };
  /** The consumer's database and cursor table. */
  target: { db: Db; cursors: EventCursorTable };
  /** Applies one event inside the consumer's transaction. Unknown topics should be ignored. */
  handle(tx: Executor, event: OutboxEvent): Promise<void>;
  batchSize?: number;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

export class EventConsumer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: EventConsumerOptions) {}

  /** Applies the next batch of events; returns how many. */
  pollOnce(): Promise<number> {
    // One poll at a time per consumer in this process; concurrent callers share it.
    this.running ??= this.poll().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Applies events until none are left; returns how many were applied. */
  async drain(): Promise<number> {
    let total = 0;
    for (let applied = await this.pollOnce(); applied > 0; applied = await this.pollOnce()) total += applied;
    return total;
  }

  start(): void {
    const interval = this.options.intervalMs ?? 200;
    const tick = async () => {
      try {
        await this.drain();
      } catch (error) {
        (this.options.onError ?? ((e) => console.error(`[events] ${this.options.name} failed; retrying`, e)))(error);
      }
      if (this.timer) this.timer = setTimeout(tick, interval);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private async poll(): Promise<number> {
    const { name, source, target, handle } = this.options;
    const cursorOf = async (db: Executor) =>
      (await db.select({ lastId: target.cursors.lastId }).from(target.cursors).where(eq(target.cursors.consumer, name)))[0]?.lastId ?? 0;
    const after = await cursorOf(target.db);
    const { schema, name: table } = getTableConfig(source.outbox);
    const events = (
      await queryRows<{ id: number | string; topic: string; payload: unknown; created_at: string }>(
        source.db,
        sql`select id, topic, payload, created_at from ${sql.identifier(schema!)}.${sql.identifier(table)}
            where id > ${after} order by id limit ${this.options.batchSize ?? 500}`,
      )
    ).map((row) => ({ id: Number(row.id), topic: row.topic, payload: row.payload, createdAt: parseTimestamp(row.created_at) }));
    if (events.length === 0) return 0;

    return target.db.transaction(async (tx) => {
      await tx.insert(target.cursors).values({ consumer: name, lastId: 0 }).onConflictDoNothing();
      const [locked] = await tx
        .select({ lastId: target.cursors.lastId })
        .from(target.cursors)
        .where(eq(target.cursors.consumer, name))
        .for('update');
      if (locked!.lastId !== after) return 1; // another replica applied these meanwhile: read again
      for (const event of events) await handle(tx, event);
      await tx.update(target.cursors).set({ lastId: events.at(-1)!.id }).where(eq(target.cursors.consumer, name));
      return events.length;
    });
  }
}
