/**
 * Distributed mode: one subgraph alone over HTTP, on its own DATABASE_URL.
 * The viewer arrives from the gateway in a header it signed; a request without
 * that signature gets 401, so reaching the port is not enough to read data.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { auditPlugin } from './audit/audit-trail.js';
import { ConfigError, readConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateDatabase } from './db/migrate.js';
import { maskUnexpectedError } from './errors.js';
import { createHttpServer, listen } from './http/server.js';
import type { BaseContext, Subgraph, SubgraphDeps } from './subgraph.js';
import { VIEWER_HEADER } from './auth/internal-viewer.js';
import { authKeys } from './auth/keys.js';
import type { AuthConfig } from './config.js';

export interface RunningSubgraph {
  url: string;
  stop(): Promise<void>;
}

export async function serveSubgraph(subgraph: Subgraph, port: number, auth: AuthConfig): Promise<RunningSubgraph> {
  const { signer } = await authKeys(auth);
  const apollo = new ApolloServer<BaseContext>({
    schema: subgraph.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Served alone, the subgraph records its own part of the audit trail (in one process the gateway does).
    plugins: [ApolloServerPluginLandingPageDisabled(), auditPlugin<BaseContext>({ viewerOf: (ctx) => ctx.viewer, dbOf: (ctx) => ctx.db, contextsOf: (ctx) => [ctx] })],
    formatError: (formatted, error) => maskUnexpectedError(formatted, error),
  });
  await apollo.start();
  const server = createHttpServer({
    apollo,
    title: `${subgraph.name} subgraph`,
    authenticate: (request) => signer.verify(request.headers[VIEWER_HEADER] as string | undefined),
    context: async (_request, viewer) => subgraph.createContext(viewer),
  });
  const bound = await listen(server, port);
  for (const consumer of subgraph.consumers) consumer.start();
  return {
    url: `http://localhost:${bound}/graphql`,
    async stop() {
      await Promise.all(subgraph.consumers.map((consumer) => consumer.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
    },
  };
}

/** Runs `create` as a process's only subgraph: config, database, migrations, serve, clean shutdown. */
export async function runSubgraphProcess(create: (deps: SubgraphDeps) => Promise<Subgraph>): Promise<void> {
  try {
    const config = readConfig();
    const database = await createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
    await migrateDatabase(database);
    const subgraph = await create({ database, config });
    const running = await serveSubgraph(subgraph, config.port, config.auth);
    console.log(`[${subgraph.name}] subgraph ready: ${running.url}`);
    const shutdown = async () => {
      await running.stop();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}
