/**
 * COPY loading of generated rows: one table from an iterable of rows, or
 * several tables at once from one run of a generator (each table on its own
 * COPY, fed through a bounded queue), so a generator that yields rows of many
 * tables runs once instead of once per table.
 */
import { getTableColumns } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../subgraphs/shared/db/database.js';
import { csvChunks, csvRow, type CsvValue } from './csv.js';

/** COPYs rows into a table, columns taken from its drizzle definition; returns the row count. */
export async function copyRows<T extends PgTable>(database: Database, table: T, rows: Iterable<T['$inferSelect']>): Promise<number> {
  const { keys, names } = columnsOf(table);
  let count = 0;
  function* records(): Generator<string> {
    for (const row of rows) {
      count++;
      yield csvRecord(keys, row);
    }
  }
  await database.copyCsv(qualifiedName(table), names, csvChunks(records()));
  return count;
}

type Rows<Tables extends Record<string, PgTable>> = { [K in keyof Tables]: readonly Tables[K]['$inferSelect'][] };

/**
 * Loads several tables concurrently from one producer. `produce` calls
 * `write` with each batch of rows (any subset of the tables) and awaits it:
 * it returns once every table's queue is short again, so memory stays bounded
 * whatever the data-set size. Returns the rows loaded per table.
 *
 * PostgreSQL runs the COPYs on separate connections, in parallel with the
 * generator; a pool too small for one connection per table (postgres.js
 * would queue a second COPY behind a running one on the same connection)
 * loads the tables in groups, running `produce` once per group, so it must
 * yield the same rows every time. PGlite runs the COPYs through its single
 * connection, one batch after another. The tables must not reference each other.
 */
export async function copyConcurrently<Tables extends Record<string, PgTable>>(
  database: Database,
  tables: Tables,
  produce: (write: (rows: Partial<Rows<Tables>>) => Promise<void>) => Promise<void>,
): Promise<Record<keyof Tables, number>> {
  const keys = Object.keys(tables) as (keyof Tables & string)[];
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<keyof Tables, number>;
  const streams = Math.max(1, copyStreams(database));
  for (let first = 0; first < keys.length; first += streams) {
    await copyGroup(database, tables, keys.slice(first, first + streams), produce, counts);
  }
  return counts;
}

/** How many COPYs can run at once: one per pooled PostgreSQL connection; PGlite queues them itself. */
function copyStreams(database: Database): number {
  if (database.kind === 'pglite') return Infinity;
  const client = (database.db as unknown as { $client?: { options?: { max?: number } } }).$client;
  return client?.options?.max ?? 1;
}

async function copyGroup<Tables extends Record<string, PgTable>>(
  database: Database,
  tables: Tables,
  keys: readonly (keyof Tables & string)[],
  produce: (write: (rows: Partial<Rows<Tables>>) => Promise<void>) => Promise<void>,
  counts: Record<keyof Tables, number>,
): Promise<void> {
  const queues = new Map(keys.map((key) => [key, new ChunkQueue()]));
  const columns = new Map(keys.map((key) => [key, columnsOf(tables[key]!)]));
  // In an object: callbacks set it, and TypeScript would narrow a plain variable to undefined across awaits.
  const state: { failure?: { error: unknown } } = {};
  const throwIfFailed = (): void => {
    if (state.failure) throw state.failure.error;
  };
  const copies = keys.map((key) =>
    database.copyCsv(qualifiedName(tables[key]!), columns.get(key)!.names, queues.get(key)!).catch((error: unknown) => {
      state.failure ??= { error };
      for (const queue of queues.values()) queue.fail(error);
    }),
  );

  const write = async (rows: Partial<Rows<Tables>>): Promise<void> => {
    throwIfFailed();
    for (const key of keys) {
      const batch = rows[key];
      if (!batch || batch.length === 0) continue;
      const { keys: columnKeys } = columns.get(key)!;
      let text = '';
      for (const row of batch) text += csvRecord(columnKeys, row);
      queues.get(key)!.push(text);
      counts[key] += batch.length;
    }
    for (const queue of queues.values()) await queue.whenShorterThan(QUEUE_CHUNKS);
    throwIfFailed();
  };

  try {
    await produce(write);
  } catch (error) {
    state.failure ??= { error };
    for (const queue of queues.values()) queue.fail(error);
  }
  for (const queue of queues.values()) queue.close();
  await Promise.all(copies); // each records its failure instead of rejecting
  throwIfFailed();
}

/** Chunks a table's queue may hold before the producer waits (a chunk is one write's rows of that table). */
const QUEUE_CHUNKS = 4;

/** A single-producer, single-consumer queue of CSV chunks, read by COPY as an async iterable. */
class ChunkQueue implements AsyncIterable<string> {
  private readonly chunks: string[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  push(chunk: string): void {
    this.chunks.push(chunk);
    this.wake('consumer');
  }

  close(): void {
    this.closed = true;
    this.wake('consumer');
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    this.wake('consumer');
    this.wake('producer');
  }

  async whenShorterThan(length: number): Promise<void> {
    while (this.chunks.length >= length && !this.failure) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      const chunk = this.chunks.shift();
      if (chunk !== undefined) {
        this.wake('producer');
        yield chunk;
      } else if (this.closed) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
    }
  }

  private wake(who: 'consumer' | 'producer'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}

function columnsOf(table: PgTable): { keys: string[]; names: string[] } {
  const entries = Object.entries(getTableColumns(table));
  return { keys: entries.map(([key]) => key), names: entries.map(([, column]) => column.name) };
}

function csvRecord(keys: readonly string[], row: object): string {
  const values: CsvValue[] = [];
  for (const key of keys) values.push(csvValue((row as Record<string, unknown>)[key]));
  return csvRow(values);
}

function csvValue(value: unknown): CsvValue {
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`Cannot write ${typeof value} to CSV`);
}

export function qualifiedName(table: PgTable): string {
  const { schema, name } = getTableConfig(table);
  return `${schema}.${name}`;
}
