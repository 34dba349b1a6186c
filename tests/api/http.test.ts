/**
 * The HTTP front: the offline IDE, health checks, and clear errors for
 * requests that are not GraphQL.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestPlatform, TEST_ADMIN, tokenFor, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const base = () => platform.gateway.url.replace(/\/graphql$/, '');

test('a browser gets the GraphQL IDE, and every asset it loads is served locally', async () => {
  const page = await fetch(platform.gateway.url, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  const html = await page.text();
  const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(sources.length).toBeGreaterThanOrEqual(4);
  for (const source of sources) {
    // No CDN: everything the page loads comes from this server.
    expect(source.startsWith('/')).toBe(true);
    const asset = await fetch(base() + source);
    expect(asset.status, source).toBe(200);
    expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(1000);
  }
});

test('GET queries work for clients that cache over HTTP', async () => {
  const response = await fetch(`${platform.gateway.url}?query=${encodeURIComponent('{ tags { code } }')}`, {
    headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
  });
  const body = (await response.json()) as { data: { tags: { code: string }[] } };
  expect(body.data.tags.map((t) => t.code)).toContain('EXEMPT_FROM_TESTING');
});

test('health check', async () => {
  const response = await fetch(`${base()}/health`);
  expect(await response.json()).toEqual({ status: 'ok' });
});

test('a body that is not JSON is a 400 with a clear error', async () => {
  const response = await fetch(platform.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` }, body: '{"query": ' });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
});

test('a query that does not validate names the problem', async () => {
  const response = await platform.gql('{ residents { nope } }');
  expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(response.errors?.[0]?.message).toContain('nope');
});

test('unknown paths are 404', async () => {
  expect((await fetch(`${base()}/nowhere`)).status).toBe(404);
});

test('a document of several operations runs the one named, even when fragments belong to another', async () => {
  const document = `
    query Dashboard($code: ID!, $asOf: DateTime) { region(code: $code) { ...Indexes } }
    fragment Indexes on Region { code population(asOf: $asOf) { residents } }
    query Catalog { tags { code } }`;
  const response = await fetch(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
    body: JSON.stringify({ query: document, operationName: 'Catalog' }),
  });
  const body = (await response.json()) as { data?: { tags: { code: string }[] }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data!.tags.length).toBeGreaterThan(0);
  const dashboard = await platform.gql(document.replace('query Catalog', 'query Unused'), { code: '310118' });
  expect(dashboard.errors).toBeDefined(); // several operations and no operationName: refused
});
