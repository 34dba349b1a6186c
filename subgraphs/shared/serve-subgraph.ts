/**
 * Distributed mode: one subgraph alone over HTTP, on its own DATABASE_URL.
 * The viewer arrives from the gateway in a header it signed; a request without
 * that signature gets 401, so reaching the port is not enough to read data.
 * Served alone it answers /health, /ready (its database answers and is
 * migrated, its statistics are read) and /metrics, logs each request, and on SIGTERM or SIGINT drains
 * before it exits (shutdown.ts). With a database per subgraph its consumers
 * read their producers' outboxes through `<PRODUCER>_DATABASE_URL`
 * (events/producer-databases.ts).
 */
// First: a subgraph's index may import a decorated resolver before anything that loads the polyfill type-graphql needs.
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { auditPlugin } from './audit/audit-trail.js';
import { ConfigError, readConfig } from './config.js';
import { createDatabase, type Database } from './db/database.js';
import { migrateDatabase } from './db/migrate.js';
import { maskUnexpectedError } from './errors.js';
import { componentLogger, errorLoggerOf, logger } from './http/logger.js';
import { watchLag, watchPool } from './http/metrics.js';
import { readOperationsConfig } from './http/operations-config.js';
import { checkReadiness, databaseChecks, type ReadinessCheck } from './http/readiness.js';
import { requestLogPlugin } from './http/request-log.js';
import { closeGracefully, createHttpServer, listen } from './http/server.js';
import { onShutdownSignal } from './http/shutdown.js';
import { StatisticsWarmUp } from './http/statistics-warm-up.js';
import type { BaseContext, Subgraph, SubgraphDeps } from './subgraph.js';
import { startTracing } from './tracing/tracing.js';
import { VIEWER_HEADER } from './auth/internal-viewer.js';
import { authKeys } from './auth/keys.js';
import type { AuthConfig } from './config.js';
import { openProducerDatabases } from './events/producer-connections.js';

export interface RunningSubgraph {
  url: string;
  /** Stops accepting, lets requests in flight finish for up to `graceMs` (default 0), stops the consumers after their batch. */
  stop(graceMs?: number): Promise<void>;
}

export async function serveSubgraph(
  subgraph: Subgraph,
  port: number,
  auth: AuthConfig,
  /** `warmStatistics`: read the subgraph's statistics in the background once listening, /ready waiting for them (off by default). */
  options: { database?: Database; readiness?: readonly ReadinessCheck[]; warmStatistics?: boolean } = {},
): Promise<RunningSubgraph> {
  const { signer } = await authKeys(auth);
  const log = componentLogger(subgraph.name);
  const apollo = new ApolloServer<BaseContext>({
    schema: subgraph.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Our shutdown drains and stops the server; Apollo's own handler would stop it under us and re-raise the signal.
    stopOnTerminationSignals: false,
    // Served alone, the subgraph records its own part of the audit trail (in one process the gateway does).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      auditPlugin<BaseContext>({ viewerOf: (ctx) => ctx.viewer, dbOf: (ctx) => ctx.db, contextsOf: (ctx) => [ctx] }),
      requestLogPlugin<BaseContext>(subgraph.name, log),
    ],
    formatError: (formatted, error) => maskUnexpectedError(formatted, error, errorLoggerOf(log)),
  });
  await apollo.start();
  const warmUp = options.warmStatistics ? new StatisticsWarmUp([subgraph], log) : null;
  const readiness = [...(options.database ? databaseChecks(options.database) : []), ...(options.readiness ?? []), ...(warmUp ? [warmUp.readinessCheck()] : [])];
  const server = createHttpServer({
    apollo,
    title: `${subgraph.name} subgraph`,
    component: subgraph.name,
    authenticate: (request) => signer.verify(request.headers[VIEWER_HEADER] as string | undefined),
    context: async (_request, viewer) => subgraph.createContext(viewer),
    ready: () => checkReadiness(readiness),
  });
  const bound = await listen(server, port);
  for (const consumer of subgraph.consumers) consumer.start();
  const unwatchLag = watchLag(subgraph.consumers);
  const unwatchPool = options.database ? watchPool('main', options.database) : () => {};
  void warmUp?.start();
  return {
    url: `http://localhost:${bound}/graphql`,
    async stop(graceMs = 0) {
      warmUp?.stop();
      await closeGracefully(server, graceMs);
      await Promise.all(subgraph.consumers.map((consumer) => consumer.stop()));
      unwatchLag();
      unwatchPool();
      await apollo.stop();
    },
  };
}

/** Runs `create` as a process's only subgraph: config, database, migrations, serve, clean shutdown. */
export async function runSubgraphProcess(create: (deps: SubgraphDeps) => Promise<Subgraph>): Promise<void> {
  try {
    const config = readConfig();
    const operations = readOperationsConfig();
    const database = await createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
    await migrateDatabase(database);
    const producers = await openProducerDatabases(config, database);
    const subgraph = await create({ database, config });
    const tracing = startTracing(subgraph.name, operations);
    const running = await serveSubgraph(subgraph, config.port, config.auth, { database, readiness: producers.readiness, warmStatistics: true });
    const log = componentLogger(subgraph.name);
    log.info({ url: running.url }, `${subgraph.name} subgraph ready`);
    onShutdownSignal(log, async () => {
      await running.stop(operations.shutdownGraceMs);
      await producers.close();
      await database.close();
      await tracing?.shutdown();
    });
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else logger.fatal({ err: error }, 'subgraph failed to start');
    process.exit(1);
  }
}
