/**
 * One database handle for every subgraph: PostgreSQL through postgres.js when a
 * URL is given, otherwise the embedded PGlite. Both are driven through drizzle,
 * so the rest of the code base never knows which one it talks to.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

/** drizzle's driver-independent query interface. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A database or a transaction: anything that runs a query. */
export type Executor = Pick<Db, 'execute' | 'select' | 'insert' | 'update' | 'delete'>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Streams CSV text into `table (columns)` with COPY: the only bulk-load path. */
  copyCsv(table: string, columns: readonly string[], csv: AsyncIterable<string>): Promise<void>;
  /** PostgreSQL's connection pool (PGlite has none: one connection, in this process). */
  readonly pool?: DatabasePool;
  close(): Promise<void>;
}

export interface DatabasePool {
  /** Connections it may open. */
  readonly size: number;
  /** Its open connections by pg_stat_activity state (`active`, `idle`, `idle in transaction`, …); the reading's own counts as idle. */
  connections(): Promise<Record<string, number>>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; without it PGlite is used. */
  url?: string;
  /** PGlite data folder (persisted); in memory when absent. */
  dataDir?: string;
  /** PGlite data-folder dump to start from (a migrated template: much faster than migrating). */
  loadDataDir?: Blob;
  /** Called for every SQL statement (tests count them to prove there is no N+1). */
  onStatement?: (sql: string) => void;
  /** postgres.js pool size. */
  maxConnections?: number;
  /**
   * PostgreSQL cancels any statement running longer (the serving process sets the request deadline, so no request's
   * SQL outlives it); work that is nobody's request opts out with `set local statement_timeout = 0`. PGlite runs
   * statements on this process's own thread, where nothing can interrupt one: not applied there.
   */
  statementTimeoutMs?: number;
}

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const logger: Logger | undefined = options.onStatement
    ? { logQuery: (query) => options.onStatement!(query) }
    : undefined;
  return options.url ? connectPostgres(options.url, logger, options.maxConnections, options.statementTimeoutMs) : openPglite(options, logger);
}

const CONNECT_TIMEOUT_SECONDS = 3;

/** Pools opened by this process: each gets its own application_name, by which it finds its connections on the server. */
let pools = 0;

function connectPostgres(url: string, logger: Logger | undefined, max = 10, statementTimeoutMs?: number): Database {
  const applicationName = `district-platform ${process.pid}/${++pools}`;
  const client = postgres(url, {
    max,
    // Timestamps come back as text in the session time zone; UTC keeps parsing trivial.
    connection: { TimeZone: 'UTC', application_name: applicationName, ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}) },
    // A database that does not answer is reported within seconds (SERVICE_UNAVAILABLE), not after the 30 s default;
    // the pool opens connections again by itself when it is back.
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    // postgres.js waits before each reconnection, by default 3^retries/100 s up to 20 s, shared by the pool: queries
    // queued behind a refused connection then wait up to that long to fail, and the pool may sleep for seconds after
    // the database is back. Short and bounded instead: 50 ms doubling, at most 500 ms (the fault run measures it).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, logger }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async copyCsv(table, columns, csv) {
      // A bulk load (a lab file, seeding) is one long statement and nobody's request: on its own connection, unbounded.
      const connection = await client.reserve();
      try {
        if (statementTimeoutMs) await connection.unsafe('set statement_timeout = 0');
        const writable = await connection.unsafe(`copy ${table} (${columns.join(', ')}) from stdin with (format csv)`).writable();
        for await (const chunk of csv) {
          if (!writable.write(chunk)) await new Promise((resolve) => writable.once('drain', resolve));
        }
        await new Promise<void>((resolve, reject) => writable.end((error?: Error | null) => (error ? reject(error) : resolve())));
      } finally {
        if (statementTimeoutMs) await connection.unsafe(`set statement_timeout = ${Number(statementTimeoutMs)}`).catch(() => {});
        connection.release();
      }
    },
    pool: {
      size: max,
      async connections() {
        // postgres.js keeps its pool's queues to itself, so the server tells. Queries waiting in the client for a
        // connection are not seen from there.
        const rows = await client<{ state: string; n: string }[]>`
          select case when pid = pg_backend_pid() then 'idle' else coalesce(state, 'unknown') end as state, count(*) as n
          from pg_stat_activity where application_name = ${applicationName} group by 1`;
        return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
      },
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(options: DatabaseOptions, logger: Logger | undefined): Promise<Database> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  await client.exec(`set time zone 'UTC'`);
  const db = drizzlePglite({ client, logger }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async copyCsv(table, columns, csv) {
      // PGlite reads COPY input from a blob; collect the stream in bounded batches.
      const batch: string[] = [];
      let size = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const blob = new Blob(batch);
        batch.length = 0;
        size = 0;
        await client.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format csv)`, [], { blob });
      };
      for await (const chunk of csv) {
        batch.push(chunk);
        size += chunk.length;
        if (size > 32 * 1024 * 1024) await flush();
      }
      await flush();
    },
    close: () => client.close(),
  };
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T>(executor: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Dumps a PGlite database's data folder, to clone it cheaply (tests start from a migrated dump). */
export async function dumpPglite(database: Database): Promise<Blob> {
  const client = (database.db as unknown as { $client: PGlite }).$client;
  return client.dumpDataDir('none');
}
