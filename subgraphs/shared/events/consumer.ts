/**
 * An event consumer: reads a producer's outbox after its cursor, applies each
 * event and advances the cursor in one transaction of its own database, so an
 * event's effect is stored exactly once even when delivery is repeated (after
 * a crash, or by several replicas racing: the cursor row lock picks one).
 * Polls in the background; `drain()` catches up now (tests, start-up). While
 * polls fail (the database away) it logs one line when the failures start and
 * one when it resumes, not one every poll.
 */
import { eq, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { queryRows, type Db, type Executor } from '../db/database.js';
import { isConnectionFailure } from '../db/errors.js';
import { componentLogger } from '../http/logger.js';
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
  /** Told of a failed poll (not of an unreachable database: that is logged once per outage here). Default: logged once per run of failures. */
  onError?: (error: unknown) => void;
}

const log = componentLogger('events');

export class EventConsumer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;
  /** When the polls started failing (undefined while they succeed). */
  private failingSince: number | undefined;

  constructor(private readonly options: EventConsumerOptions) {}

  /** The cursor key (e.g. 'health<-population'): how metrics and logs name this consumer. */
  get name(): string {
    return this.options.name;
  }

  /** Events still to apply: the producer's newest outbox id minus this consumer's cursor (the event_consumer_lag metric). */
  async lag(): Promise<number> {
    const { schema, name: table } = getTableConfig(this.options.source.outbox);
    const [newest] = await queryRows<{ id: number | string | null }>(this.options.source.db, sql`select max(id) as id from ${sql.identifier(schema!)}.${sql.identifier(table)}`);
    return Math.max(0, Number(newest?.id ?? 0) - (await this.cursor(this.options.target.db)));
  }

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
    this.stopped = false;
    const tick = async () => {
      try {
        // Batch after batch until caught up, or stopped: stop() then waits for the batch being applied only.
        while (!this.stopped && (await this.pollOnce()) > 0);
        this.succeeded();
      } catch (error) {
        this.failed(error);
      }
      if (!this.stopped) this.timer = setTimeout(tick, interval);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling; resolves once the batch being applied (if any) is committed or rolled back. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private failed(error: unknown): void {
    if (this.options.onError && !isConnectionFailure(error)) return this.options.onError(error);
    if (this.failingSince !== undefined) return;
    this.failingSince = Date.now();
    log.warn({ consumer: this.name, err: error }, `event consumer failing: retrying every ${this.options.intervalMs ?? 200} ms, logged again when it resumes`);
  }

  private succeeded(): void {
    if (this.failingSince === undefined) return;
    log.info({ consumer: this.name, failingMs: Date.now() - this.failingSince }, 'event consumer resumed');
    this.failingSince = undefined;
  }

  private async poll(): Promise<number> {
    const { name, source, target, handle } = this.options;
    const after = await this.cursor(target.db);
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

  private async cursor(db: Executor): Promise<number> {
    const { name, target } = this.options;
    return (await db.select({ lastId: target.cursors.lastId }).from(target.cursors).where(eq(target.cursors.consumer, name)))[0]?.lastId ?? 0;
  }
}
