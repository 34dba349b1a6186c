/**
 * The permits subgraph: enterprises and work permits now; the permit lifecycle,
 * health-gated approval and indexes in the permits issue. Builds the schema; opens no port.
 */
import { buildFederatedSchema } from '../shared/federation.js';
import type { Subgraph, SubgraphDeps } from '../shared/subgraph.js';
import { createPermitsContext, type PermitsContext } from './context.js';
import { EnterpriseResolver, resolveEnterprise } from './enterprise/enterprise.resolver.js';
import { WorkPermitResolver } from './permit/permit.resolver.js';
import { ResidentPermitsResolver } from './resident/resident.resolver.js';
import { Resident } from './resident/resident.type.js';

export async function createPermitsSubgraph({ database }: SubgraphDeps): Promise<Subgraph<PermitsContext>> {
  const schema = await buildFederatedSchema({
    resolvers: [EnterpriseResolver, WorkPermitResolver, ResidentPermitsResolver],
    orphanedTypes: [Resident],
    referenceResolvers: {
      Enterprise: { __resolveReference: (ref: { id: string }, ctx: PermitsContext) => resolveEnterprise(ref.id, ctx) },
    },
  });
  return { name: 'permits', schema, createContext: (viewer) => createPermitsContext(database.db, viewer), consumers: [] };
}
