/**
 * The gateway's audit hook (one process): after each request, its audit rows
 * from what the in-process subgraph contexts collected, written to the
 * platform's database (the one the in-process subgraphs share). Subgraphs
 * served over HTTP audit their own part (serve-subgraph.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { auditPlugin } from '../subgraphs/shared/audit/audit-trail.js';
import type { BaseContext, Subgraph } from '../subgraphs/shared/subgraph.js';
import type { GatewayContext } from './context.js';

export function gatewayAuditPlugin(local: readonly Subgraph[]): ApolloServerPlugin<GatewayContext> {
  const first = local[0];
  return auditPlugin<GatewayContext>({
    viewerOf: (context) => context.viewer,
    dbOf: (context) => (first ? (context.subgraphContext(first) as BaseContext).db : null),
    contextsOf: (context) => context.subgraphContexts(),
  });
}
