/**
 * The real platform for a test file: its own database, the four subgraphs
 * in-process, the gateway listening on a free port; operations go over HTTP.
 */
import { buildAllSubgraphs, startGateway, type RunningGateway } from '../../gateway/platform.js';
import { readConfig, type RateLimits } from '../../subgraphs/shared/config.js';
import { mintWithConfig } from '../../subgraphs/shared/auth/keys.js';
import type { Viewer } from '../../subgraphs/shared/viewer.js';
import { builders, type Builders } from './builders.js';

/** The defaults, as a fresh install runs, with a known token secret instead of the generated development one. */
export const TEST_CONFIG = readConfig({ AUTH_JWT_SECRET: 'test-only-secret-of-at-least-32-characters' });

/** Who a test request comes from; the default is the district administrator. */
export type TestViewer = Pick<Viewer, 'id' | 'role' | 'regionCode'>;
export const TEST_ADMIN: TestViewer = { id: 'test-admin', role: 'DISTRICT_ADMIN', regionCode: '310118' };

/** Marks a request as sent by `viewer` (gql's third argument): it gets that viewer's token. */
export function asViewer(viewer: TestViewer): { viewer: TestViewer } {
  return { viewer };
}

/** A valid token for `viewer`, signed with the test configuration's secret. */
export function tokenFor(viewer: TestViewer, ttlSeconds = 3600): Promise<string> {
  return mintWithConfig(TEST_CONFIG.auth, viewer, ttlSeconds);
}
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
}

export interface TestPlatform {
  test: TestDatabase;
  seed: Builders;
  gateway: RunningGateway;
  /** Sends an operation as the district administrator, as `asViewer(…)`, or with exactly the given headers (no token added). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: Record<string, string> | { viewer: TestViewer }): Promise<GraphQLResponse<T>>;
  /** Applies every pending cross-subgraph event now (consumers also poll in the background). */
  drainEvents(): Promise<void>;
  /** Like gql, but fails the test on any error. */
  data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startTestPlatform(options: { pollEvents?: boolean; rateLimits?: RateLimits } = {}): Promise<TestPlatform> {
  const test = await createTestDatabase();
  const gateway = await startGateway({ port: 0, local: await buildAllSubgraphs({ database: test.database, config: TEST_CONFIG }), auth: TEST_CONFIG.auth, ...options });
  const gql = async (query: string, variables?: Record<string, unknown>, as: Record<string, string> | { viewer: TestViewer } = { viewer: TEST_ADMIN }) => {
    const headers = 'viewer' in as && typeof as.viewer === 'object' ? { authorization: `Bearer ${await tokenFor(as.viewer)}` } : (as as Record<string, string>);
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  return {
    test,
    seed: builders(test.database.db),
    gateway,
    gql,
    drainEvents: () => gateway.drainEvents(),
    async data(query, variables) {
      const response = await gql(query, variables);
      if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
      return response.data;
    },
    async stop() {
      await gateway.stop();
      await test.drop();
    },
  };
}

/** The code of the first error, for asserting on expected failures. */
export function errorOf(response: GraphQLResponse) {
  return response.errors?.[0];
}
