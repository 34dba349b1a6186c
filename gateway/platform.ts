/**
 * Assembles the whole platform from configuration: database (PostgreSQL or
 * embedded PGlite), migrations, first-start demo data, the four subgraphs, the
 * gateway and its HTTP front. `npm start` and the tests both go through here.
 */
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { seedDatabase } from '../seed/index.js';
import { createCasesSubgraph } from '../subgraphs/cases/index.js';
import { createHealthSubgraph } from '../subgraphs/health/index.js';
import { createPermitsSubgraph } from '../subgraphs/permits/index.js';
import { createPopulationSubgraph } from '../subgraphs/population/index.js';
import type { Config, DataSetSize, SubgraphName } from '../subgraphs/shared/config.js';
import { createDatabase, queryRows, type Database } from '../subgraphs/shared/db/database.js';
import { migrateDatabase } from '../subgraphs/shared/db/migrate.js';
import { createEntityClient } from '../subgraphs/shared/entity-client.js';
import { closeGracefully, createHttpServer, listen, REQUEST_ID_HEADER } from '../subgraphs/shared/http/server.js';
import { componentLogger } from '../subgraphs/shared/http/logger.js';
import { watchLag, watchPool } from '../subgraphs/shared/http/metrics.js';
import { DEFAULT_OPERATIONS, type OperationsConfig } from '../subgraphs/shared/http/operations-config.js';
import { checkReadiness, databaseChecks, subgraphCheck } from '../subgraphs/shared/http/readiness.js';
import { StatisticsWarmUp } from '../subgraphs/shared/http/statistics-warm-up.js';
import type { Subgraph, SubgraphDeps } from '../subgraphs/shared/subgraph.js';
import { DEFAULT_LIMITS, type AuthConfig, type RateLimits, type RequestLimits } from '../subgraphs/shared/config.js';
import { authKeys } from '../subgraphs/shared/auth/keys.js';
import { viewerOfAuthorization } from '../subgraphs/shared/auth/tokens.js';
import { sql } from 'drizzle-orm';
import { composeSubgraphs } from './compose.js';
import { GatewayContext } from './context.js';
import { Deadline } from './deadline.js';
import { createGatewayServer } from './gateway.js';
import { CredentialRateLimiter } from './partners/rate-limit.js';

export const SUBGRAPH_FACTORIES: Record<SubgraphName, (deps: SubgraphDeps) => Promise<Subgraph>> = {
  population: createPopulationSubgraph,
  health: createHealthSubgraph,
  permits: createPermitsSubgraph,
  cases: createCasesSubgraph,
};

/** Builds the four subgraphs; each can reach the others' entities, in this process or at their configured URLs. */
export async function buildAllSubgraphs(deps: SubgraphDeps): Promise<Subgraph[]> {
  const built = new Map<SubgraphName, Subgraph>();
  const entities = deps.entities ?? createEntityClient({ local: (name) => built.get(name), remote: deps.config.subgraphUrls, auth: deps.config.auth });
  const subgraphs = await Promise.all(Object.values(SUBGRAPH_FACTORIES).map((create) => create({ ...deps, entities })));
  for (const subgraph of subgraphs) built.set(subgraph.name, subgraph);
  return subgraphs;
}

/**
 * Opens, migrates and (when empty) seeds the configured database. On PostgreSQL the handle returned cancels any
 * statement that outlives a request's deadline; migrating and seeding (long COPYs) go through one without that bound.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'limits'>,
  seedSize: DataSetSize | null,
  log: (message: string) => void = () => {},
): Promise<Database> {
  const location = { url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir };
  const setup = await createDatabase(location);
  await migrateDatabase(setup);
  if (seedSize) {
    const [row] = await queryRows<{ empty: boolean }>(setup.db, sql`select not exists (select 1 from population.residents) as empty`);
    if (row?.empty) {
      log(`Empty database: seeding the ${seedSize} data set (first start only)…`);
      const summary = await seedDatabase(setup, seedSize, { onProgress: log });
      log(`Seeded ${summary.residents.toLocaleString('en')} residents in ${(summary.millis / 1000).toFixed(1)} s.`);
    }
  }
  // PGlite cannot interrupt a statement anyway (it runs on this thread), and reopening it costs seconds: keep it.
  if (setup.kind === 'pglite') return setup;
  await setup.close();
  return createDatabase({ ...location, statementTimeoutMs: config.limits.requestTimeoutMs });
}

export interface RunningGateway {
  url: string;
  port: number;
  apollo: ApolloServer<GatewayContext>;
  server: Server;
  /** Applies every pending event now (tests; otherwise consumers poll in the background). */
  drainEvents(): Promise<void>;
  /**
   * Stops accepting requests, lets those in flight finish for up to `graceMs` (default 0: their connections are
   * closed at once), then stops the event consumers after their current batch, and the server.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the gateway over `local` subgraphs (in-process) and `remote` ones (by URL).
 * With only local subgraphs the supergraph is composed from them at start, so it
 * always matches the code; otherwise the given supergraph SDL is used.
 */
export async function startGateway(options: {
  port: number;
  local: readonly Subgraph[];
  remote?: Readonly<Record<string, string>>;
  supergraphSdl?: string;
  /** How client tokens are verified (and the viewer signed for remote subgraphs). */
  auth: AuthConfig;
  /** What one request may ask for (default: DEFAULT_LIMITS) and whether validation errors suggest field names. */
  limits?: RequestLimits;
  fieldSuggestions?: boolean;
  /** A token the IDE page starts with (development mode's demo token). */
  ideToken?: string;
  /** Run the subgraphs' event consumers in the background (default); off, events apply only on drainEvents(). */
  pollEvents?: boolean;
  /** Requests per credential (`npm start`: the configured ones); none when absent (tests, tools such as check:indexes --serve). */
  rateLimits?: RateLimits;
  /** The database of the in-process subgraphs: /ready checks it answers and is migrated. */
  database?: Database;
  /** Subgraph timeout and breakers (default: DEFAULT_OPERATIONS). */
  operations?: Partial<Pick<OperationsConfig, 'subgraphTimeoutMs' | 'breakerFailures' | 'breakerProbeMs'>>;
  /** Read the in-process subgraphs' statistics in the background once listening, /ready waiting for them (`npm start`; off by default). */
  warmStatistics?: boolean;
}): Promise<RunningGateway> {
  const supergraphSdl = options.supergraphSdl ?? composeSubgraphs(options.local).supergraphSdl;
  const keys = await authKeys(options.auth);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const remote = options.remote ?? {};
  const operations = { ...DEFAULT_OPERATIONS, ...options.operations };
  const apollo = await createGatewayServer({ supergraphSdl, local: options.local, remote, signer: keys.signer, limits, fieldSuggestions: options.fieldSuggestions ?? false, operations });
  // Each in-process subgraph's event consumers run in this process too.
  const consumers = options.local.flatMap((subgraph) => subgraph.consumers);
  if (options.pollEvents !== false) for (const consumer of consumers) consumer.start();
  const unwatchLag = watchLag(consumers);
  const unwatchPool = options.database ? watchPool('main', options.database) : () => {};
  const warmUp = options.warmStatistics ? new StatisticsWarmUp(options.local, componentLogger('gateway')) : null;
  const readiness = [
    ...(options.database ? databaseChecks(options.database) : []),
    ...Object.entries(remote).map(([name, url]) => subgraphCheck(name, url)),
    ...(warmUp ? [warmUp.readinessCheck()] : []),
  ];
  const rateLimiter = options.rateLimits ? new CredentialRateLimiter(options.rateLimits) : null;
  const server = createHttpServer({
    apollo,
    title: 'District platform API',
    component: 'gateway',
    authenticate: (request) => viewerOfAuthorization(request.headers.authorization, keys.rules),
    context: async (request, viewer) => new GatewayContext(viewer, new Deadline(limits.requestTimeoutMs), request.headers[REQUEST_ID_HEADER] as string),
    ideHeaders: options.ideToken ? { Authorization: `Bearer ${options.ideToken}` } : undefined,
    maxDocumentLength: limits.maxDocumentLength,
    // Endpoints besides /graphql that in-process subgraphs serve (health: POST /lab-files).
    routes: Object.assign({}, ...options.local.map((subgraph) => subgraph.routes ?? {})),
    rateLimit: rateLimiter ? (viewer) => rateLimiter.take(viewer) : undefined,
    ready: () => checkReadiness(readiness),
  });
  const port = await listen(server, options.port);
  void warmUp?.start();
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    apollo,
    server,
    async drainEvents() {
      // Events can cascade (a consumer's change publishes new events): repeat until a round applies nothing.
      for (let round = 0; round < 10; round++) {
        const applied = await Promise.all(consumers.map(async (consumer) => consumer.drain()));
        if (applied.every((count) => count === 0)) return;
      }
    },
    async stop(graceMs = 0) {
      warmUp?.stop();
      await closeGracefully(server, graceMs);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      unwatchLag();
      unwatchPool();
      await apollo.stop();
    },
  };
}
