/**
 * The real platform for a test file: its own database, the four subgraphs
 * in-process, the gateway listening on a free port; operations go over HTTP.
 * An operation is a string, or a typed document generated from the contract
 * (tests/generated/graphql.ts), which types its variables and result.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { readFile } from 'node:fs/promises';
import { buildAllSubgraphs, SUBGRAPH_FACTORIES, startGateway, type RunningGateway } from '../../gateway/platform.js';
import type { SubgraphName } from '../../subgraphs/shared/config.js';
import type { Database } from '../../subgraphs/shared/db/database.js';
import { createEntityClient } from '../../subgraphs/shared/entity-client.js';
import { serveSubgraph, type RunningSubgraph } from '../../subgraphs/shared/serve-subgraph.js';
import { mintWithConfig } from '../../subgraphs/shared/auth/keys.js';
import { readConfig, type RateLimits, type RequestLimits } from '../../subgraphs/shared/config.js';
import type { Viewer } from '../../subgraphs/shared/viewer.js';
import { builders, type Builders } from './builders.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The defaults, as a fresh install runs, with a known token secret instead of the generated development one. */
export const TEST_CONFIG = readConfig({ AUTH_JWT_SECRET: 'test-only-secret-of-at-least-32-characters' });

/** Who a test request comes from; the default is the district administrator. */
export type TestViewer = Pick<Viewer, 'id' | 'role' | 'regionCode'>;
export const TEST_ADMIN: TestViewer = { id: 'test-admin', role: 'DISTRICT_ADMIN', regionCode: '310118' };

/** Who sends a test request: `asViewer(…)` (a token is minted for it), or exact headers. */
export type RequestAs = Record<string, string> | { viewer: TestViewer };

/** Marks a request as sent by `viewer` (gql's third argument): it gets that viewer's token. */
export function asViewer(viewer: TestViewer): { viewer: TestViewer } {
  return { viewer };
}

/** A valid token for `viewer`, signed with the test configuration's secret. */
export function tokenFor(viewer: TestViewer, ttlSeconds = 3600): Promise<string> {
  return mintWithConfig(TEST_CONFIG.auth, viewer, ttlSeconds);
}

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
}

export interface TestPlatform {
  test: TestDatabase;
  seed: Builders;
  gateway: RunningGateway;
  /** Sends an operation as the district administrator, as `asViewer(…)`, or with exactly the given headers (no token added). */
  gql<T, V>(document: TypedDocumentNode<T, V>, variables?: V, as?: RequestAs): Promise<GraphQLResponse<T>>;
  gql<T = any>(query: Operation, variables?: Record<string, unknown>, as?: RequestAs): Promise<GraphQLResponse<T>>;
  /** Applies every pending cross-subgraph event now (consumers also poll in the background). */
  drainEvents(): Promise<void>;
  /** Like gql, but fails the test on any error. */
  data<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<T>;
  data<T = any>(query: Operation, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startTestPlatform(options: { pollEvents?: boolean; limits?: RequestLimits; rateLimits?: RateLimits } = {}): Promise<TestPlatform> {
  const test = await createTestDatabase();
  const gateway = await startGateway({ port: 0, local: await buildAllSubgraphs({ database: test.database, config: TEST_CONFIG }), auth: TEST_CONFIG.auth, database: test.database, ...options });
  const gql = async (operation: Operation, variables?: unknown, as: RequestAs = { viewer: TEST_ADMIN }) => {
    const headers = 'viewer' in as && typeof as.viewer === 'object' ? { authorization: `Bearer ${await tokenFor(as.viewer)}` } : (as as Record<string, string>);
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: textOf(operation), variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  return {
    test,
    seed: builders(test.database.db),
    gateway,
    gql,
    drainEvents: () => gateway.drainEvents(),
    async data(operation: Operation, variables?: unknown) {
      const response = await gql(operation, variables);
      if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
      return response.data;
    },
    async stop() {
      await gateway.stop();
      await test.drop();
    },
  };
}

export interface DistributedPlatform {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  stop(): Promise<void>;
}

/**
 * Distributed mode as in production: each subgraph served alone over HTTP on the database `databaseOf` gives it
 * (one for all, or one each), reaching the others' entities over HTTP, and the gateway reaching them by URL with
 * the committed supergraph.
 */
export async function startDistributedPlatform(databaseOf: (name: SubgraphName) => Database): Promise<DistributedPlatform> {
  const names = Object.keys(SUBGRAPH_FACTORIES) as SubgraphName[];
  // Filled once the subgraphs listen; the entity client reads it at each call.
  const urls: Partial<Record<SubgraphName, string>> = {};
  const entities = createEntityClient({ remote: urls, auth: TEST_CONFIG.auth });
  const served = await Promise.all(
    names.map(async (name) => {
      const database = databaseOf(name);
      return serveSubgraph(await SUBGRAPH_FACTORIES[name]({ database, config: TEST_CONFIG, entities }), 0, TEST_CONFIG.auth, { database });
    }),
  );
  names.forEach((name, i) => (urls[name] = served[i]!.url));
  const gateway = await startGateway({
    port: 0,
    local: [],
    remote: urls as Record<string, string>,
    supergraphSdl: await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
    auth: TEST_CONFIG.auth,
  });
  return {
    gateway,
    subgraphs: Object.fromEntries(names.map((name, i) => [name, served[i]!])) as Record<SubgraphName, RunningSubgraph>,
    async stop() {
      await gateway.stop();
      await Promise.all(served.map((subgraph) => subgraph.stop()));
    },
  };
}

/** A query text, or a typed document (the last overloads take a mix of both, untyped). */
export type Operation = string | TypedDocumentNode<any, any>;
const printed = new WeakMap<TypedDocumentNode<any, any>, string>();

function textOf(operation: Operation): string {
  if (typeof operation === 'string') return operation;
  let text = printed.get(operation);
  if (text === undefined) printed.set(operation, (text = print(operation)));
  return text;
}

/** The code of the first error, for asserting on expected failures. */
export function errorOf(response: GraphQLResponse) {
  return response.errors?.[0];
}
