/**
 * The process's Prometheus metrics (prom-client), served at GET /metrics by the HTTP front: requests and latency by
 * operation, the gateway's subgraph fetches, event lag per consumer, the statistics' age, warm-up and updates, the
 * database pool's connections, and Node's own (memory, event loop, GC).
 * One registry per process: the gateway and the subgraphs it runs in-process share it, told apart by `component`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database, DatabasePool } from '../db/database.js';
import { PresentSnapshot } from '../snapshot/present-snapshot.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const graphqlRequests = new Counter({
  name: 'graphql_requests_total',
  help: 'GraphQL requests answered, by component (gateway or subgraph), operation name and outcome (ok, or error when the answer carries errors).',
  labelNames: ['component', 'operation', 'outcome'] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'Time from receiving a GraphQL request to its answer, by component and operation name.',
  labelNames: ['component', 'operation'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const subgraphFetchDuration = new Histogram({
  name: 'gateway_subgraph_fetch_duration_seconds',
  help: 'Time of the gateway\'s fetches from subgraphs served over HTTP, by subgraph and outcome (ok, unavailable).',
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const subgraphFetchErrors = new Counter({
  name: 'gateway_subgraph_fetch_errors_total',
  help: 'Subgraph fetches answered with SUBGRAPH_UNAVAILABLE, by subgraph and reason (refused, reset, timeout, unreachable, circuit_open).',
  labelNames: ['subgraph', 'reason'] as const,
  registers: [registry],
});

export const subgraphCircuitOpen = new Gauge({
  name: 'gateway_subgraph_circuit_open',
  help: '1 while the gateway\'s circuit breaker for a subgraph is open (fetches fail fast, /health is probed), else 0.',
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

/** Something whose lag can be read: an event consumer (events/consumer.ts). */
export interface LagSource {
  readonly name: string;
  lag(): Promise<number>;
}

const lagSources = new Set<LagSource>();

new Gauge({
  name: 'event_consumer_lag',
  help: 'Events a consumer has still to apply: its producer\'s newest outbox id minus the consumer\'s cursor, read at scrape time.',
  labelNames: ['consumer'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    await Promise.all(
      [...lagSources].map(async (source) => {
        // A consumer whose database is away has no lag to tell: its series is left out of this scrape.
        const lag = await source.lag().catch(() => null);
        if (lag !== null) this.set({ consumer: source.name }, lag);
      }),
    );
  },
});

new Gauge({
  name: 'statistics_snapshot_age_seconds',
  help: 'Seconds since a subgraph\'s in-memory statistics snapshot was last read or brought up to date, by schema (it is brought up to date when asked and facts changed).',
  labelNames: ['schema'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [schema, seconds] of PresentSnapshot.ages()) this.set({ schema }, seconds);
  },
});

/** Reading a whole snapshot takes minutes at district size on a loaded machine; catching up, milliseconds to seconds. */
const UPDATE_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

const snapshotUpdates = new Histogram({
  name: 'statistics_snapshot_update_seconds',
  help: 'Time to bring a subgraph\'s in-memory statistics up to date (the request that finds facts changed waits for it), by schema and kind: whole (read again) or catch_up (the changed residents re-read).',
  labelNames: ['schema', 'kind'] as const,
  buckets: UPDATE_SECONDS,
  registers: [registry],
});
PresentSnapshot.observeUpdates(({ schema, kind, seconds }) => snapshotUpdates.observe({ schema, kind }, seconds));

export const statisticsWarmUpSeconds = new Gauge({
  name: 'statistics_warmup_seconds',
  help: 'Seconds a subgraph\'s statistics took to be read in the background after the process started listening (present snapshot and history); absent until read.',
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

/** Each watched pool and the name it reports as (two pools of one name, as in tests, add up). */
const pools = new Map<DatabasePool, string>();

new Gauge({
  name: 'database_pool_connections',
  help: 'Open connections of the process\'s database pool by state (active: running a statement; idle; idle in transaction), as PostgreSQL reports them at scrape time. Queries waiting in the process for a connection are not counted: postgres.js does not expose them.',
  labelNames: ['pool', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    await Promise.all(
      [...pools].map(async ([pool, name]) => {
        // A database that is away has no connections to tell of: the series is left out of this scrape.
        const connections = await pool.connections().catch(() => ({}));
        for (const [state, count] of Object.entries(connections)) this.inc({ pool: name, state }, count);
      }),
    );
  },
});

new Gauge({
  name: 'database_pool_max_connections',
  help: 'Size of the process\'s database pool: the connections it may open.',
  labelNames: ['pool'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [pool, name] of pools) this.inc({ pool: name }, pool.size);
  },
});

/** Reports this database's pool as `name` until the returned function is called; a database without one (PGlite) reports nothing. */
export function watchPool(name: string, database: Pick<Database, 'pool'>): () => void {
  const { pool } = database;
  if (!pool) return () => {};
  pools.set(pool, name);
  return () => pools.delete(pool);
}

/** Reports these consumers' lag until the returned function is called (when they stop). */
export function watchLag(sources: readonly LagSource[]): () => void {
  for (const source of sources) lagSources.add(source);
  return () => sources.forEach((source) => lagSources.delete(source));
}

/** An operation name fit for a label: a client's name as it is when it looks like one, else `anonymous` or `invalid`. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'invalid';
}
