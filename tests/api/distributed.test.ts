/**
 * Distributed mode: each subgraph served alone over HTTP, the gateway reaching
 * them by URL with the committed supergraph, exactly as in production.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SUBGRAPH_FACTORIES, startGateway, type RunningGateway } from '../../gateway/platform.js';
import { readConfig } from '../../subgraphs/shared/config.js';
import { serveSubgraph, type RunningSubgraph } from '../../subgraphs/shared/serve-subgraph.js';
import { builders, COMMUNITY_B1, TOWN_B } from '../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let test_: TestDatabase;
let subgraphs: RunningSubgraph[] = [];
let gateway: RunningGateway;

beforeAll(async () => {
  test_ = await createTestDatabase();
  subgraphs = await Promise.all(
    Object.values(SUBGRAPH_FACTORIES).map(async (create) => serveSubgraph(await create({ database: test_.database, config: readConfig({}) }), 0)),
  );
  const names = Object.keys(SUBGRAPH_FACTORIES);
  gateway = await startGateway({
    port: 0,
    local: [],
    remote: Object.fromEntries(names.map((name, i) => [name, subgraphs[i]!.url])),
    supergraphSdl: await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
  });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(subgraphs.map((s) => s.stop()));
  await test_?.drop();
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

test('a query spanning all four subgraphs is answered over HTTP', async () => {
  const seed = builders(test_.database.db);
  await seed.regionTree();
  const resident = await seed.resident({ community: COMMUNITY_B1, tags: ['DIALYSIS'] });
  const response = await gql(
    `query($id: ID!) {
      resident(id: $id) { id community { code parent { code } } tags { code } nucleicAcidTests(first: 5) { barcode } workPermits { id } positiveCase { id } }
      region(code: "${TOWN_B}") { population { residents specialCare } }
    }`,
    { id: String(resident.id) },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data).toEqual({
    resident: {
      id: String(resident.id),
      community: { code: COMMUNITY_B1, parent: { code: TOWN_B } },
      tags: [{ code: 'DIALYSIS' }],
      nucleicAcidTests: [],
      workPermits: [],
      positiveCase: null,
    },
    region: { population: { residents: 1, specialCare: 1 } },
  });
});

test('expected errors keep their code across the HTTP hop', async () => {
  const response = await gql(`{ residents(first: 501) { totalCount } }`);
  expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
});

test('a malformed DateTime is the client\'s mistake over HTTP too', async () => {
  for (const response of [
    await gql('query($asOf: DateTime) { region(code: "310118") { population(asOf: $asOf) { residents } } }', { asOf: 'yesterday' }),
    await gql('{ region(code: "310118") { population(asOf: "2024-13-45T00:00:00Z") { residents } } }'),
  ]) {
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }
});

test('a subgraph alone answers its own part of the graph', async () => {
  const response = await fetch(subgraphs[0]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ regions(level: TOWN) { code } }' }),
  });
  const body = (await response.json()) as { data: { regions: { code: string }[] } };
  expect(body.data.regions.map((r) => r.code)).toContain(TOWN_B);
});
