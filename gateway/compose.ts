/**
 * Composition: subgraph SDL → Federation 2 supergraph (@apollo/composition) →
 * the API schema clients see. Used by the compose script (committed artifacts)
 * and by one-process mode at start (so it can never run a stale supergraph).
 */
import { composeServices } from '@apollo/composition';
import { printSchema as printFederationSchema, Supergraph } from '@apollo/federation-internals';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { SubgraphName } from '../subgraphs/shared/config.js';
import type { Subgraph } from '../subgraphs/shared/subgraph.js';

/** Where each subgraph listens in distributed mode unless configured otherwise. */
export const DEFAULT_SUBGRAPH_URLS: Record<SubgraphName, string> = {
  population: 'http://localhost:4001/graphql',
  health: 'http://localhost:4002/graphql',
  permits: 'http://localhost:4003/graphql',
  cases: 'http://localhost:4004/graphql',
};

export interface ComposedSchemas {
  subgraphSdl: Record<string, string>;
  supergraphSdl: string;
  apiSdl: string;
}

export function composeSubgraphs(subgraphs: readonly Subgraph[]): ComposedSchemas {
  const subgraphSdl = Object.fromEntries(subgraphs.map((s) => [s.name, printSubgraphSchema(s.schema)]));
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: DEFAULT_SUBGRAPH_URLS[s.name], typeDefs: parse(subgraphSdl[s.name]!) })),
  );
  if (result.errors) {
    throw new Error(`The subgraphs do not compose:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  const supergraphSdl = result.supergraphSdl;
  const apiSdl = printFederationSchema(Supergraph.build(supergraphSdl).apiSchema());
  return { subgraphSdl, supergraphSdl, apiSdl };
}
