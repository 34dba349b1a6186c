/**
 * Distributed mode when a part fails: each subgraph served alone over HTTP, health behind a proxy the test cuts or
 * slows. The gateway answers with what the others gave plus SUBGRAPH_UNAVAILABLE naming health, within the subgraph
 * timeout plus 200 ms; its breaker fails fast while health stays down and closes by itself when health is back;
 * /ready names what is missing; /metrics shows all of it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SUBGRAPH_FACTORIES, startGateway, type RunningGateway } from '../../gateway/platform.js';
import { serveSubgraph, type RunningSubgraph } from '../../subgraphs/shared/serve-subgraph.js';
import { builders, COMMUNITY_B1 } from '../support/builders.js';
import { TEST_ADMIN, TEST_CONFIG, tokenFor, type GraphQLResponse } from '../support/platform.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FaultProxy } from './fault-proxy.js';
import { baseOf, metricsText, ready, readyWhenUp } from './operator-endpoints.js';

const SUBGRAPH_TIMEOUT_MS = 1_000;
const BREAKER_FAILURES = 3;

let test_: TestDatabase;
let subgraphs: Record<string, RunningSubgraph>;
let proxy: FaultProxy;
let gateway: RunningGateway;
let residentId: string;

beforeAll(async () => {
  test_ = await createTestDatabase();
  subgraphs = Object.fromEntries(
    await Promise.all(
      Object.entries(SUBGRAPH_FACTORIES).map(async ([name, create]) => [name, await serveSubgraph(await create({ database: test_.database, config: TEST_CONFIG }), 0, TEST_CONFIG.auth, { database: test_.database })] as const),
    ),
  );
  proxy = await FaultProxy.start({ host: '127.0.0.1', port: Number(new URL(subgraphs.health!.url).port) });
  gateway = await startGateway({
    port: 0,
    local: [],
    remote: { ...Object.fromEntries(Object.entries(subgraphs).map(([name, running]) => [name, running.url])), health: proxy.url(subgraphs.health!.url) },
    supergraphSdl: await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
    auth: TEST_CONFIG.auth,
    operations: { subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS, breakerFailures: BREAKER_FAILURES, breakerProbeMs: 100 },
  });
  const seed = builders(test_.database.db);
  await seed.regionTree();
  residentId = String((await seed.resident({ community: COMMUNITY_B1 })).id);
  // Warm: a process's first request plans the query and prepares its statements, which on a loaded machine can
  // outlast the 1 s subgraph timeout these tests use; the tests are about faults, not first requests.
  await profile();
});

afterAll(async () => {
  await gateway?.stop();
  await proxy?.cut();
  await Promise.all(Object.values(subgraphs ?? {}).map((s) => s.stop()));
  await test_?.drop();
});

/** A profile: the resident from population, every field health adds to it, what cases and permits add, the towns from population. */
async function profile(headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}`, ...headers },
    body: JSON.stringify({
      query: `query Profile($id: ID!) {
        resident(id: $id) {
          id name healthCode { color }
          exemptions { __typename } exemptFromTesting nucleicAcidTests { __typename } vaccination { __typename }
          venueScans { __typename } outreachHistory { __typename }
          workPermits { __typename } closeContactOf { __typename }
        }
        regions(level: TOWN) { code }
      }`,
      variables: { id: residentId },
    }),
  });
  const body = (await response.json()) as GraphQLResponse;
  return { body, ms: performance.now() - started, response };
}

function expectHealthUnavailable(body: GraphQLResponse) {
  // Every field health adds is null, alone: the resident, and what the other subgraphs add, still come back.
  expect(body.data?.resident).toEqual({
    id: residentId, name: expect.any(String), healthCode: null,
    exemptions: null, exemptFromTesting: null, nucleicAcidTests: null, vaccination: null, venueScans: null, outreachHistory: null,
    workPermits: [], closeContactOf: [],
  });
  expect(body.data?.resident.name).toEqual(expect.any(String));
  expect(body.data?.regions.length).toBeGreaterThan(0);
  expect(body.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'health' })]);
}

const metrics = () => metricsText(gateway.url);

test('every part up: the whole answer, and the request id the client sent comes back', async () => {
  const { body, response } = await profile({ 'x-request-id': 'resilience-1' });
  expect(body.errors).toBeUndefined();
  expect(body.data?.resident.id).toBe(residentId);
  expect(response.headers.get('x-request-id')).toBe('resilience-1');
});

test('a stopped subgraph: the rest of the answer, with SUBGRAPH_UNAVAILABLE naming it, at once; back when it is', async () => {
  await proxy.cut();
  try {
    const { body, ms } = await profile();
    expectHealthUnavailable(body);
    expect(body.errors![0]!.message).toMatch(/health service is unavailable.*refused/);
    expect(ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 200);
  } finally {
    await proxy.restore();
  }
  const { body } = await profile();
  expect(body.errors).toBeUndefined();
});

test('a query whose connection is reset before any answer is sent once more: the answer is whole', async () => {
  // Drop the gateway's kept-alive connections, so its next fetch opens a new one (the one reset).
  await proxy.cut();
  await proxy.restore();
  proxy.resetNext = 1;
  const acceptedBefore = proxy.accepted;
  const { body } = await profile();
  expect(body.errors).toBeUndefined();
  expect(body.data?.resident).toMatchObject({ id: residentId });
  expect(proxy.resetNext).toBe(0);
  expect(proxy.accepted - acceptedBefore).toBe(2);
});

test('a slow subgraph: cut off at SUBGRAPH_TIMEOUT_MS, the rest answered', async () => {
  proxy.delayMs = 3_000;
  try {
    const { body, ms } = await profile();
    expectHealthUnavailable(body);
    expect(body.errors![0]!.message).toContain(`did not answer within ${SUBGRAPH_TIMEOUT_MS} ms`);
    expect(ms).toBeGreaterThanOrEqual(SUBGRAPH_TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 200);
  } finally {
    proxy.delayMs = 0;
  }
  expect((await profile()).body.errors).toBeUndefined();
});

test('the breaker: open after repeated failures, requests fail fast, closed by itself once the subgraph answers', async () => {
  proxy.delayMs = 3_000;
  for (let i = 0; i < BREAKER_FAILURES; i++) expect((await profile()).ms).toBeGreaterThanOrEqual(SUBGRAPH_TIMEOUT_MS - 20);
  const open = await profile();
  expectHealthUnavailable(open.body);
  expect(open.body.errors![0]!.message).toContain('being probed');
  // Fails fast: no waiting for the timeout (the bound leaves room for a loaded machine).
  expect(open.ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS / 2);
  expect(await metrics()).toMatch(/gateway_subgraph_circuit_open\{subgraph="health"\} 1/);

  proxy.delayMs = 0;
  const recovering = performance.now();
  let answer = await profile();
  while (answer.body.errors && performance.now() - recovering < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await profile();
  }
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data?.resident.id).toBe(residentId);
  expect(await metrics()).toMatch(/gateway_subgraph_circuit_open\{subgraph="health"\} 0/);
});

test('/ready on the gateway: 503 naming the subgraph that is down, 200 again when it is back', async () => {
  const before = await readyWhenUp(gateway.url);
  expect(before.status, JSON.stringify(before.report)).toBe(200);
  expect(Object.keys(before.report.checks).sort()).toEqual(['subgraph:cases', 'subgraph:health', 'subgraph:permits', 'subgraph:population']);
  await proxy.cut();
  try {
    const down = await ready(gateway.url);
    expect(down.status).toBe(503);
    expect(down.report).toMatchObject({ status: 'unavailable', failing: ['subgraph:health'] });
    expect(down.report.checks['subgraph:health']!.error).toContain('ECONNREFUSED');
  } finally {
    await proxy.restore();
  }
  expect((await readyWhenUp(gateway.url)).status).toBe(200);
});

test('/health and /ready on a subgraph served alone: ready while its database answers and is migrated, 503 naming the database when it is gone', async () => {
  const alone = await readyWhenUp(subgraphs.population!.url);
  expect(alone.status).toBe(200);
  expect(alone.report.checks).toMatchObject({ database: { ok: true }, migrations: { ok: true } });

  const own = await createTestDatabase();
  const served = await serveSubgraph(await SUBGRAPH_FACTORIES.population({ database: own.database, config: TEST_CONFIG }), 0, TEST_CONFIG.auth, { database: own.database });
  try {
    expect((await readyWhenUp(served.url)).status).toBe(200);
    await own.database.close();
    const gone = await ready(served.url);
    expect(gone.status).toBe(503);
    expect(gone.report.failing).toContain('database');
    expect((await fetch(`${baseOf(served.url)}/health`)).status).toBe(200);
  } finally {
    await served.stop();
    await own.drop().catch(() => {}); // its handle is closed already
  }
});

test('/metrics: requests by operation, subgraph fetch latency and errors, event lag per consumer, process memory', async () => {
  const text = await metrics();
  expect(text).toMatch(/graphql_requests_total\{component="gateway",operation="Profile",outcome="ok"\} \d+/);
  expect(text).toMatch(/graphql_requests_total\{component="gateway",operation="Profile",outcome="error"\} \d+/);
  expect(text).toMatch(/graphql_request_duration_seconds_bucket\{le="0.5",component="gateway",operation="Profile"\} \d+/);
  // The subgraphs served in this process count their own requests in the same registry.
  expect(text).toMatch(/graphql_requests_total\{component="population",operation="Profile__population__0",outcome="ok"\} \d+/);
  for (const reason of ['refused', 'timeout', 'circuit_open']) expect(text).toMatch(new RegExp(`gateway_subgraph_fetch_errors_total\\{subgraph="health",reason="${reason}"\\} [1-9]`));
  expect(text).toMatch(/gateway_subgraph_fetch_duration_seconds_count\{subgraph="health",outcome="ok"\} [1-9]/);
  expect(text).toMatch(/event_consumer_lag\{consumer="health<-population"\} \d+/);
  expect(text).toMatch(/process_resident_memory_bytes \d+/);
});
