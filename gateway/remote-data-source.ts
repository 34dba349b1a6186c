/**
 * Distributed mode: a subgraph reached over HTTP. The viewer travels in a
 * header, signed by the gateway (auth/internal-viewer.ts), so the subgraph
 * scopes data exactly as it would in-process and believes nobody else; the
 * request id travels too, so the subgraph's log lines join the gateway's.
 *
 * A subgraph that cannot be reached (down, refusing connections, answering
 * 502-504 through a proxy, or slower than SUBGRAPH_TIMEOUT_MS) does not fail
 * the request: its fetch answers with one SUBGRAPH_UNAVAILABLE error naming
 * it, and the gateway returns what the other subgraphs gave. A query refused
 * or reset before any answer is sent once more (reading twice is harmless; a
 * mutation is never repeated). The breaker (subgraph-breaker.ts) fails fast
 * while the subgraph stays down.
 */
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { VIEWER_HEADER, type ViewerSigner } from '../subgraphs/shared/auth/internal-viewer.js';
import { subgraphFetchDuration, subgraphFetchErrors } from '../subgraphs/shared/http/metrics.js';
import { REQUEST_ID_HEADER } from '../subgraphs/shared/http/server.js';
import type { GatewayContext } from './context.js';
import { inSpan, SpanKind, traceHeaders } from '../subgraphs/shared/tracing/tracing.js';
import { InFlightFetches } from './in-flight.js';
import { SubgraphBreaker } from './subgraph-breaker.js';

type Process = RemoteGraphQLDataSource<GatewayContext>['process'];
type ProcessOptions = Parameters<Process>[0];
type Response = Awaited<ReturnType<Process>>;
type WillSendRequest = NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>;
type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

export interface RemoteSubgraphOptions {
  name: string;
  url: string;
  signer: ViewerSigner;
  /** A fetch slower than this is abandoned (SUBGRAPH_TIMEOUT_MS). */
  timeoutMs: number;
  /** Failures in a row that open the breaker, and the pause between its probes. */
  breakerFailures: number;
  breakerProbeMs: number;
  log: Logger;
}

/** Why a subgraph could not be reached; null when the error is not about reaching it. */
type Unreachable = 'refused' | 'reset' | 'timeout' | 'unreachable';

/** An HTTP answer that says the subgraph is not there (a proxy or load balancer in front of a stopped one). */
class GatewayStatusError extends Error {}

export class ViewerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new InFlightFetches<Response>();
  readonly breaker: SubgraphBreaker;

  constructor(private readonly options: RemoteSubgraphOptions) {
    // Node's fetch, bounded by the subgraph timeout (the body included).
    const fetcher = ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })) as unknown as Fetcher;
    super({ url: options.url, fetcher });
    const health = new URL('/health', options.url);
    this.breaker = new SubgraphBreaker(options.name, {
      failures: options.breakerFailures,
      probeMs: options.breakerProbeMs,
      probe: async () => (await fetch(health, { signal: AbortSignal.timeout(Math.min(options.timeoutMs, options.breakerProbeMs * 2)) })).ok,
      log: options.log,
    });
  }

  /** Identical queries running at the same moment are sent once (in-flight.ts). */
  override process(options: ProcessOptions): Promise<Response> {
    const { name } = this.options;
    const fetch = () => this.inFlight.run(this.url ?? '', options.context.viewer, options.request, () => this.guarded(options));
    // Gateway-internal fetches (e.g. composing at start) carry no client request and no deadline.
    return inSpan<Response>(`subgraph ${name}`, SpanKind.CLIENT, { subgraph: name }, () => (options.context.deadline ? options.context.deadline.race(name, fetch) : fetch()));
  }

  override async willSendRequest({ request, context }: Parameters<WillSendRequest>[0]) {
    if (context.viewer) request.http?.headers.set(VIEWER_HEADER, await this.signer.sign(context.viewer));
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    for (const [header, value] of Object.entries(traceHeaders())) request.http?.headers.set(header, value);
  }

  /**
   * A subgraph refuses a request it cannot run (e.g. a DateTime variable that
   * does not parse) with HTTP 400 and a GraphQL error carrying a code: pass
   * that error on as the client's mistake, as in one-process mode, instead of
   * a bare "400: Bad Request".
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    if (response.status >= 502 && response.status <= 504) return new GatewayStatusError(`${response.status}: ${response.statusText}`) as GraphQLError;
    const body = (await this.parseBody(response)) as { errors?: { message?: string; extensions?: { code?: unknown } }[] } | string;
    const first = typeof body === 'object' ? body.errors?.[0] : undefined;
    if (response.status === 400 && typeof first?.message === 'string' && typeof first.extensions?.code === 'string') {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : first.extensions.code } });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`);
  }

  private get signer(): ViewerSigner {
    return this.options.signer;
  }

  /** The subgraph's answer, or SUBGRAPH_UNAVAILABLE when it cannot be reached (or its breaker is open). */
  private async guarded(options: ProcessOptions): Promise<Response> {
    const { name } = this.options;
    if (this.breaker.isOpen) {
      subgraphFetchErrors.inc({ subgraph: name, reason: 'circuit_open' });
      return unavailable(name, `it failed repeatedly and is being probed`);
    }
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const retries = /^\s*mutation\b/.test(options.request.query ?? '') ? 0 : 1;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await super.process(options);
        this.breaker.succeeded();
        subgraphFetchDuration.observe({ subgraph: name, outcome: 'ok' }, elapsed());
        return response;
      } catch (error) {
        const reason = unreachable(error);
        if (!reason) throw error;
        if ((reason === 'refused' || reason === 'reset') && attempt < retries) continue;
        this.breaker.failed(reason);
        subgraphFetchErrors.inc({ subgraph: name, reason });
        subgraphFetchDuration.observe({ subgraph: name, outcome: 'unavailable' }, elapsed());
        this.options.log.warn({ subgraph: name, reason, requestId: options.context.requestId }, 'subgraph unavailable');
        return unavailable(name, reason === 'timeout' ? `it did not answer within ${this.options.timeoutMs} ms` : `it could not be reached (${reason})`);
      }
    }
  }
}

function unavailable(subgraph: string, why: string): Response {
  const error: GraphQLFormattedError = {
    message: `The ${subgraph} service is unavailable: ${why}. Its fields are null; the rest of the answer is complete.`,
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph },
  };
  return { errors: [error] } as Response;
}

function unreachable(error: unknown): Unreachable | null {
  if (error instanceof GatewayStatusError) return 'unreachable';
  for (let e = error as { name?: string; code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
    if (e.code === 'ECONNREFUSED') return 'refused';
    if (e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.code === 'UND_ERR_SOCKET') return 'reset';
    if (e.code === 'ENOTFOUND' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'EAI_AGAIN') return 'unreachable';
  }
  return null;
}
