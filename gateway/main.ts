/**
 * `npm start`: the whole platform in one process. The gateway and the four
 * subgraphs (in-process) on PostgreSQL when DATABASE_URL is set, otherwise on
 * the embedded PGlite in DATA_DIR, seeded with demo data on first start.
 * A subgraph whose <NAME>_URL is set is reached over HTTP instead.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, readConfig, SUBGRAPH_NAMES } from '../subgraphs/shared/config.js';
import { buildAllSubgraphs, openDatabase, startGateway } from './platform.js';

async function main(): Promise<void> {
  const config = readConfig();
  const log = (message: string) => console.log(`[platform] ${message}`);
  log(config.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: embedded PGlite in ${config.dataDir}`);

  const database = await openDatabase(config, config.seedSize, log);
  const remote = config.subgraphUrls;
  const local = (await buildAllSubgraphs({ database, config })).filter((subgraph) => !remote[subgraph.name]);
  const distributed = SUBGRAPH_NAMES.some((name) => remote[name]);
  const supergraphSdl = distributed ? await readFile(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8') : undefined;
  const gateway = await startGateway({ port: config.port, local, remote, supergraphSdl });

  log(`Ready in ${process.uptime().toFixed(1)} s: ${gateway.url} (open it in a browser for the GraphQL IDE)`);
  const shutdown = async () => {
    log('Shutting down…');
    await gateway.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
