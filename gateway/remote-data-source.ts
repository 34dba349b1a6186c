/**
 * Distributed mode: a subgraph reached over HTTP. The viewer travels in a
 * header, signed by the gateway (auth/internal-viewer.ts), so the subgraph
 * scopes data exactly as it would in-process and believes nobody else.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { VIEWER_HEADER, type ViewerSigner } from '../subgraphs/shared/auth/internal-viewer.js';
import type { GatewayContext } from './context.js';
import { InFlightFetches } from './in-flight.js';

type WillSendRequest = NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>;

export class ViewerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new InFlightFetches<Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>>();

  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly signer: ViewerSigner,
  ) {
    super(config);
  }

  /** Identical queries running at the same moment are sent once (in-flight.ts). */
  override process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    const fetch = () => this.inFlight.run(this.url ?? '', options.context.viewer, options.request, () => super.process(options));
    // Gateway-internal fetches (e.g. composing at start) carry no client request and no deadline.
    return options.context.deadline ? options.context.deadline.race(this.url ?? 'remote', fetch) : fetch();
  }

  override async willSendRequest({ request, context }: Parameters<WillSendRequest>[0]) {
    if (context.viewer) request.http?.headers.set(VIEWER_HEADER, await this.signer.sign(context.viewer));
  }

  /**
   * A subgraph refuses a request it cannot run (e.g. a DateTime variable that
   * does not parse) with HTTP 400 and a GraphQL error carrying a code: pass
   * that error on as the client's mistake, as in one-process mode, instead of
   * a bare "400: Bad Request".
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const body = (await this.parseBody(response)) as { errors?: { message?: string; extensions?: { code?: unknown } }[] } | string;
    const first = typeof body === 'object' ? body.errors?.[0] : undefined;
    if (response.status === 400 && typeof first?.message === 'string' && typeof first.extensions?.code === 'string') {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : first.extensions.code } });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`);
  }
}
