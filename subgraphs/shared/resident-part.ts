/**
 * Fields another subgraph adds to Resident are nullable: when that subgraph is down or slow, the gateway
 * answers with the rest of the resident and an error naming it (SUBGRAPH_UNAVAILABLE), instead of a
 * non-null violation that would null the whole resident.
 */
import type { SubgraphName } from './config.js';

/** The end of such a field's description: why it may be null. */
export const partOf = (subgraph: SubgraphName): string =>
  ` Null, with the reason in \`errors\`, when the ${subgraph} subgraph cannot answer (the rest of the resident still comes back).`;
