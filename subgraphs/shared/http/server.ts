/**
 * A lean node:http front for an ApolloServer (the gateway, or one subgraph in
 * distributed mode): POST/GET /graphql, the offline IDE on GET with
 * Accept: text/html, /health (the process runs), /ready (it can serve: see
 * readiness.ts) and /metrics (Prometheus). Every request gets an id (the
 * caller's X-Request-Id, or a new one) echoed in the answer and carried to
 * subgraphs, so one request's log lines can be found. Every GraphQL request is
 * authenticated before its body is read; without an identity it gets 401, and
 * answered inside its trace span (tracing/request-span.ts).
 * Other endpoints (e.g. file uploads) are injected as `routes`, authenticated
 * the same way; an optional rate limit per credential answers 429 after
 * authentication, before any body is read.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { AuthenticationError } from '../auth/tokens.js';
import type { Viewer } from '../viewer.js';
import { idePage, ideAsset } from './ide.js';
import { registry } from './metrics.js';
import { checkReadiness, type ReadinessReport } from './readiness.js';
import { inRequestSpan } from '../tracing/request-span.js';

/** The header carrying a request's id, from the client (or a proxy) and from the gateway to subgraphs. */
export const REQUEST_ID_HEADER = 'x-request-id';

const MAX_BODY_BYTES = 20 * 1024 * 1024; // a 5,000-row lab batch is a few MB

export interface HttpServerOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  /** The request's viewer; throws AuthenticationError (→ 401) when it has none. */
  authenticate: (request: IncomingMessage) => Promise<Viewer>;
  context: (request: IncomingMessage, viewer: Viewer) => Promise<Context>;
  title: string;
  /** Who answers (`gateway` or the subgraph's name): names each request's trace span. */
  component: string;
  /** Headers the IDE page starts with (development mode: the demo token). */
  ideHeaders?: Record<string, string>;
  /** Longest query text accepted; a longer one is refused before it is parsed. */
  maxDocumentLength?: number;
  /** More endpoints, by `METHOD /path` (e.g. 'POST /lab-files'), each called with the authenticated viewer and the unread body. */
  routes?: Readonly<Record<string, RouteHandler>>;
  /** Takes one request from the viewer's allowance: null when allowed, else how long to wait (→ 429 RATE_LIMITED). */
  rateLimit?: (viewer: Viewer) => { retryAfterSeconds: number } | null;
  /** Whether this process can serve now (GET /ready); ready when absent. */
  ready?: () => Promise<ReadinessReport>;
}

/** An injected endpoint: it reads the body (or not) and answers. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, viewer: Viewer) => Promise<void>;

/**
 * Idle keep-alive connections are kept longer than the clients' (Node's fetch keeps them 4 s, proxies and load
 * balancers up to 60 s): a server that closes first races a client reusing the connection, and a POST caught in
 * that race fails with EPIPE or ECONNRESET instead of being answered.
 */
const KEEP_ALIVE_MS = 65_000;

/** The requests a server is answering, and whether it is closing (closeGracefully). */
interface ServerState {
  closing: boolean;
  inFlight: Set<ServerResponse>;
}
const states = new WeakMap<Server, ServerState>();

export function createHttpServer<Context extends BaseContext>(options: HttpServerOptions<Context>): Server {
  const state: ServerState = { closing: false, inFlight: new Set() };
  const server = createServer((request, response) => {
    // Closing: answer this request, then close its connection, so the client sends no other on it.
    if (state.closing) response.shouldKeepAlive = false;
    state.inFlight.add(response);
    response.once('close', () => state.inFlight.delete(response));
    const given = request.headers[REQUEST_ID_HEADER];
    const requestId = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    handle(options, request, response).catch((error: unknown) => {
      console.error('Unhandled error serving', request.url, error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a request arriving on an old connection can be cut off while its headers come.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  states.set(server, state);
  return server;
}

/**
 * Stops accepting connections, closes the idle ones, lets the requests in flight finish (each answer closes its
 * connection) and resolves when all are done; after `graceMs` the connections still open are closed.
 */
export async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  const state = states.get(server);
  if (state) {
    state.closing = true;
    for (const response of state.inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
  }
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const forced = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(forced);
}

async function handle<Context extends BaseContext>(
  { apollo, authenticate, context, title, component, ideHeaders, maxDocumentLength = Infinity, routes = {}, rateLimit, ready }: HttpServerOptions<Context>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');

  if (request.method === 'GET' && url.pathname === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (request.method === 'GET' && url.pathname === '/ready') {
    const report = ready ? await ready() : await checkReadiness([]);
    response.writeHead(report.status === 'ready' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    return;
  }
  if (request.method === 'GET' && url.pathname === '/metrics') {
    response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    return;
  }
  const asset = request.method === 'GET' ? await ideAsset(url.pathname) : null;
  if (asset) {
    response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' }).end(asset.body);
    return;
  }
  if (url.pathname === '/' && request.method === 'GET') {
    response.writeHead(302, { location: '/graphql' }).end();
    return;
  }
  const route = routes[`${request.method} ${url.pathname}`];
  if (!route && url.pathname !== '/graphql') {
    const allowed = Object.keys(routes).filter((key) => key.endsWith(` ${url.pathname}`)).map((key) => key.split(' ')[0]!);
    if (allowed.length > 0) response.writeHead(405, { 'content-type': 'text/plain', allow: allowed.join(', ') }).end(`Method not allowed: ${allowed.join(', ')}`);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the API is at /graphql');
    request.resume();
    return;
  }
  if (!route && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(idePage(title, '/graphql', ideHeaders));
    return;
  }

  let viewer: Viewer;
  try {
    viewer = await authenticate(request);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    response
      .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="platform"' })
      .end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] }));
    request.resume(); // drain an unread body so the connection can be reused
    return;
  }

  const limited = rateLimit?.(viewer);
  if (limited) {
    response
      .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limited.retryAfterSeconds) })
      .end(
        JSON.stringify({
          errors: [
            {
              message: `Too many requests for this credential: retry in ${limited.retryAfterSeconds} s.`,
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds: limited.retryAfterSeconds },
            },
          ],
        }),
      );
    request.resume();
    return;
  }
  if (route) {
    await route(request, response, viewer);
    return;
  }

  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const body = request.method === 'POST' ? await readJsonBody(request, response) : undefined;
  if (body === INVALID) return;
  const query = body && typeof body === 'object' && 'query' in body ? (body as { query: unknown }).query : url.searchParams.get('query');
  if (typeof query === 'string' && query.length > maxDocumentLength) {
    badRequest(response, 400, `The query text is limited to ${maxDocumentLength} characters (got ${query.length}).`);
    return;
  }

  const result = await inRequestSpan(component, request, body, query, () =>
    apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => context(request, viewer),
    }),
  );
  for (const [key, value] of result.headers) response.setHeader(key, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
  } else {
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }
}

const INVALID = Symbol('invalid body');

async function readJsonBody(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      badRequest(response, 413, `Request body over ${MAX_BODY_BYTES / 1024 / 1024} MB; send smaller batches.`);
      return INVALID;
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    badRequest(response, 400, 'The request body is not valid JSON.');
    return INVALID;
  }
}

function badRequest(response: ServerResponse, status: number, message: string): void {
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
}

/** Listens and resolves with the bound port (0 asks the OS for a free one). */
export async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
