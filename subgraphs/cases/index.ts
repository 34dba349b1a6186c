/**
 * The cases subgraph: positive cases now; timeline, facilities, close contacts
 * and events in the cases issue. Builds the schema; opens no port.
 */
import { buildFederatedSchema } from '../shared/federation.js';
import { numericId } from '../shared/ids.js';
import type { Subgraph, SubgraphDeps } from '../shared/subgraph.js';
import { CaseResolver } from './case/case.resolver.js';
import { createCasesContext, type CasesContext } from './context.js';
import { ResidentCasesResolver } from './resident/resident.resolver.js';
import { Resident } from './resident/resident.type.js';

export async function createCasesSubgraph({ database }: SubgraphDeps): Promise<Subgraph<CasesContext>> {
  const schema = await buildFederatedSchema({
    resolvers: [CaseResolver, ResidentCasesResolver],
    orphanedTypes: [Resident],
    referenceResolvers: {
      PositiveCase: {
        __resolveReference: (ref: { id: string }, ctx: CasesContext) => {
          const id = numericId(ref.id);
          return id === null ? null : ctx.loaders.caseById.load(id);
        },
      },
    },
  });
  return { name: 'cases', schema, createContext: (viewer) => createCasesContext(database.db, viewer), consumers: [] };
}
