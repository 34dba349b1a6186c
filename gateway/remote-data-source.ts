/**
 * Distributed mode: a subgraph reached over HTTP. The viewer travels in a
 * header so the subgraph scopes data exactly as it would in-process.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { encodeViewer, VIEWER_HEADER } from '../subgraphs/shared/viewer.js';
import type { GatewayContext } from './context.js';

export class ViewerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    if (context.viewer) request.http?.headers.set(VIEWER_HEADER, encodeViewer(context.viewer));
  }
}
