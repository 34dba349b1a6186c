/**
 * Distributed mode: each subgraph served alone over HTTP, the gateway reaching
 * them by URL with the committed supergraph, exactly as in production.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SUBGRAPH_FACTORIES, startGateway, type RunningGateway } from '../../gateway/platform.js';
import { TEST_ADMIN, TEST_CONFIG, tokenFor } from '../support/platform.js';
import { VIEWER_HEADER } from '../../subgraphs/shared/auth/internal-viewer.js';
import { authKeys } from '../../subgraphs/shared/auth/keys.js';
import { serveSubgraph, type RunningSubgraph } from '../../subgraphs/shared/serve-subgraph.js';
import { builders, COMMUNITY_B1, TOWN_B } from '../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let test_: TestDatabase;
let subgraphs: RunningSubgraph[] = [];
let gateway: RunningGateway;

beforeAll(async () => {
  test_ = await createTestDatabase();
  subgraphs = await Promise.all(
    Object.values(SUBGRAPH_FACTORIES).map(async (create) => serveSubgraph(await create({ database: test_.database, config: TEST_CONFIG }), 0, TEST_CONFIG.auth)),
  );
  const names = Object.keys(SUBGRAPH_FACTORIES);
  gateway = await startGateway({
    port: 0,
    local: [],
    remote: Object.fromEntries(names.map((name, i) => [name, subgraphs[i]!.url])),
    supergraphSdl: await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
    auth: TEST_CONFIG.auth,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(subgraphs.map((s) => s.stop()));
  await test_?.drop();
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` }, body: JSON.stringify({ query, variables }) });
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

test('a subgraph alone answers only a viewer signed by the gateway: its port is no way around the gateway', async () => {
  const { signer } = await authKeys(TEST_CONFIG.auth);
  const ask = (headers: Record<string, string>, query = '{ regions(level: TOWN) { code } }') =>
    fetch(subgraphs[0]!.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  const signed = await ask({ [VIEWER_HEADER]: await signer.sign({ id: 'gateway-test', role: 'DISTRICT_ADMIN', regionCode: '310118' }) });
  expect(((await signed.json()) as { data: { regions: { code: string }[] } }).data.regions.map((r) => r.code)).toContain(TOWN_B);

  const unsignedViewer = Buffer.from(JSON.stringify({ id: 'forged', role: 'DISTRICT_ADMIN', regionCode: '310118' })).toString('base64url');
  const clientToken = await tokenFor(TEST_ADMIN); // a client's own token is not the gateway's signature either
  const representations = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { id } } }' };
  for (const headers of [{}, { [VIEWER_HEADER]: unsignedViewer }, { [VIEWER_HEADER]: clientToken }, { authorization: `Bearer ${clientToken}` }] as Record<string, string>[]) {
    for (const query of [undefined, representations.query]) {
      const response = await ask(headers, query);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  }
});
