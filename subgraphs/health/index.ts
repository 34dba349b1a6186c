/**
 * The health subgraph: nucleic-acid tests now; vaccination, health codes, call
 * lists, observation and venues in the health issue. Builds the schema; opens no port.
 */
import type { Database } from '../shared/db/database.js';
import { buildFederatedSchema } from '../shared/federation.js';
import type { Subgraph } from '../shared/subgraph.js';
import { createHealthContext, type HealthContext } from './context.js';
import { ResidentHealthResolver } from './resident/resident.resolver.js';
import { Resident } from './resident/resident.type.js';

export async function createHealthSubgraph(database: Database): Promise<Subgraph<HealthContext>> {
  const schema = await buildFederatedSchema({ resolvers: [ResidentHealthResolver], orphanedTypes: [Resident] });
  return { name: 'health', schema, createContext: (viewer) => createHealthContext(database.db, viewer) };
}
