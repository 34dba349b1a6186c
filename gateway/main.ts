/**
 * `npm start`: the whole platform in one process. The gateway and the four
 * subgraphs (in-process) on PostgreSQL when DATABASE_URL is set, otherwise on
 * the embedded PGlite in DATA_DIR, seeded with demo data on first start.
 * A subgraph whose <NAME>_URL is set is reached over HTTP instead.
 * SIGTERM or SIGINT drains it (SHUTDOWN_GRACE_MS) and exits 0.
 */
import { readFile } from 'node:fs/promises';
import { authKeys, DEMO_ADMIN, mintWithConfig } from '../subgraphs/shared/auth/keys.js';
import { ConfigError, readConfig, SUBGRAPH_NAMES } from '../subgraphs/shared/config.js';
import { componentLogger, logger } from '../subgraphs/shared/http/logger.js';
import { readOperationsConfig } from '../subgraphs/shared/http/operations-config.js';
import { onShutdownSignal } from '../subgraphs/shared/http/shutdown.js';
import { startTracing } from '../subgraphs/shared/tracing/tracing.js';
import { buildAllSubgraphs, openDatabase, startGateway } from './platform.js';

const DEMO_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

async function main(): Promise<void> {
  const config = readConfig();
  const operations = readOperationsConfig();
  const tracing = startTracing('gateway', operations);
  const platformLog = componentLogger('platform');
  const log = (message: string) => platformLog.info(message);
  log(config.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: embedded PGlite in ${config.dataDir}`);

  const database = await openDatabase(config, config.seedSize, log);
  const remote = config.subgraphUrls;
  const local = (await buildAllSubgraphs({ database, config })).filter((subgraph) => !remote[subgraph.name]);
  const distributed = SUBGRAPH_NAMES.some((name) => remote[name]);
  const supergraphSdl = distributed ? await readFile(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8') : undefined;
  // A developer's machine (no AUTH_* configured): a district administrator's token for the demo, also put in the IDE.
  const demoToken = (await authKeys(config.auth)).development ? await mintWithConfig(config.auth, DEMO_ADMIN, DEMO_TOKEN_TTL_SECONDS) : undefined;
  const gateway = await startGateway({ port: config.port, local, remote, supergraphSdl, auth: config.auth, limits: config.limits, fieldSuggestions: config.fieldSuggestions, ideToken: demoToken, rateLimits: config.rateLimits, database, operations, warmStatistics: true });

  log(`Ready in ${process.uptime().toFixed(1)} s: ${gateway.url} (open it in a browser for the GraphQL IDE)`);
  if (demoToken) {
    log('Development mode (no AUTH_JWT_SECRET or AUTH_JWKS_URL): every request needs a token. A DISTRICT_ADMIN token for 30 days,');
    log('already in the IDE\'s headers; other roles: npm run token -- --role ROLE --region CODE');
    console.log(`\nAuthorization: Bearer ${demoToken}\n`);
  }
  onShutdownSignal(platformLog, async () => {
    await gateway.stop(operations.shutdownGraceMs);
    await database.close();
    await tracing?.shutdown();
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else logger.fatal({ err: error }, 'the platform failed to start');
  process.exit(1);
});
