/**
 * Distributed mode: the permits subgraph served alone reaches population and
 * health over HTTP (their URLs, as POPULATION_URL and HEALTH_URL configure
 * it), the viewer travelling in the header; apply, approve and `valid` work
 * through the gateway exactly as in one process.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startGateway, type RunningGateway } from '../../gateway/platform.js';
import { createHealthSubgraph } from '../../subgraphs/health/index.js';
import { createPermitsSubgraph } from '../../subgraphs/permits/index.js';
import { createPopulationSubgraph } from '../../subgraphs/population/index.js';
import { TEST_ADMIN, TEST_CONFIG, tokenFor } from '../support/platform.js';
import { serveSubgraph, type RunningSubgraph } from '../../subgraphs/shared/serve-subgraph.js';
import type { Subgraph } from '../../subgraphs/shared/subgraph.js';
import { builders, COMMUNITY_A1 } from '../support/builders.js';
import { healthBuilders, HOUR } from '../support/health-builders.js';
import { permitsBuilders } from '../support/permits-builders.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let served: RunningSubgraph[] = [];
let gateway: RunningGateway;
let healthSubgraph: Subgraph;
let permitsSubgraph: Subgraph;

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = { database: database.database, config: TEST_CONFIG };
  const population = await serveSubgraph(await createPopulationSubgraph(deps), 0, TEST_CONFIG.auth);
  healthSubgraph = await createHealthSubgraph(deps);
  const health = await serveSubgraph(healthSubgraph, 0, TEST_CONFIG.auth);
  // Served alone, the permits subgraph finds the others where the configuration says.
  permitsSubgraph = await createPermitsSubgraph({ ...deps, config: { ...TEST_CONFIG, subgraphUrls: { population: population.url, health: health.url } } });
  const permits = await serveSubgraph(permitsSubgraph, 0, TEST_CONFIG.auth);
  served = [population, health, permits];
  gateway = await startGateway({
    port: 0,
    local: [],
    remote: { population: population.url, health: health.url, permits: permits.url },
    supergraphSdl: await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
    pollEvents: false,
    auth: TEST_CONFIG.auth,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(served.map((s) => s.stop()));
  await database?.drop();
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

test('apply and approve over HTTP, with the health check and valid from the health subgraph', async () => {
  const db = database.database.db;
  await builders(db).regionTree();
  const resident = await builders(db).resident({ community: COMMUNITY_A1 });
  // Health and permits learn the resident (and where they live) from population's events.
  for (const consumer of [...healthSubgraph.consumers, ...permitsSubgraph.consumers]) await consumer.drain();
  await healthBuilders(db).sample({ residentId: resident.id, sampledAt: new Date(Date.now() - 5 * HOUR), resultAt: new Date(Date.now() - HOUR) });
  const enterprise = await permitsBuilders(db).enterprise({ community: COMMUNITY_A1, changes: [{ status: 'APPROVED_TO_RESUME', at: new Date(Date.now() - 24 * HOUR) }] });

  const applied = await gql(`mutation($r: ID!, $e: ID!) { applyWorkPermit(residentId: $r, enterpriseId: $e) { id status } }`, { r: String(resident.id), e: String(enterprise.id) });
  expect(applied.errors).toBeUndefined();
  const unknown = await gql(`mutation($e: ID!) { applyWorkPermit(residentId: "987654321", enterpriseId: $e) { id } }`, { e: String(enterprise.id) });
  expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const approved = await gql(`mutation($id: ID!) { approveWorkPermit(id: $id) { status valid } }`, { id: applied.data.applyWorkPermit.id });
  expect(approved).toEqual({ data: { approveWorkPermit: { status: 'APPROVED', valid: true } } });
});
