/**
 * A subgraph process's connections to its producers' databases (a database per subgraph): one small pool per
 * `<PRODUCER>_DATABASE_URL` that names another database than the process's own, attached to its database handle
 * (producer-databases.ts), each with a readiness check `producer:<name>` (its outbox answers).
 */
import { getTableConfig } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import { createDatabase, queryRows, type Database } from '../db/database.js';
import type { ReadinessCheck } from '../http/readiness.js';
import { attachProducerDatabases, PRODUCERS, type Producer } from './producer-databases.js';
import { producerOutbox } from './outbox-table.js';

/** Polling an outbox needs one connection at a time; a second covers the lag metric's scrape. */
const PRODUCER_POOL_SIZE = 2;

export interface ProducerConnections {
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

export async function openProducerDatabases(config: Pick<Config, 'databaseUrl' | 'producerDatabaseUrls'>, own: Database): Promise<ProducerConnections> {
  const opened: Partial<Record<Producer, Database>> = {};
  for (const producer of PRODUCERS) {
    const url = config.producerDatabaseUrls[producer];
    if (url && url !== config.databaseUrl) opened[producer] = await createDatabase({ url, maxConnections: PRODUCER_POOL_SIZE });
  }
  attachProducerDatabases(own.db, Object.fromEntries(Object.entries(opened).map(([producer, database]) => [producer, database.db])));
  return {
    readiness: Object.entries(opened).map(([producer, database]) => {
      const { schema, name } = getTableConfig(producerOutbox(producer as Producer));
      return { name: `producer:${producer}`, run: async () => void (await queryRows(database.db, sql`select 1 from ${sql.identifier(schema!)}.${sql.identifier(name)} limit 1`)) };
    }),
    close: async () => void (await Promise.all(Object.values(opened).map((database) => database.close()))),
  };
}
