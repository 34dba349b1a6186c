/**
 * Tokens of an OpenID Connect provider (AUTH_JWKS_URL, AUTH_ISSUER,
 * AUTH_AUDIENCE): the gateway fetches the provider's keys and verifies
 * RS256 tokens with them. The provider is a JWKS served on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildAllSubgraphs, startGateway, type RunningGateway } from '../../gateway/platform.js';
import { readConfig } from '../../subgraphs/shared/config.js';
import { TEST_CONFIG } from '../support/platform.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const ISSUER = 'https://sso.example/realms/district';
const AUDIENCE = 'platform';
let provider: Server;
let privateKey: CryptoKey;
let database: TestDatabase;
let gateway: RunningGateway;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  provider = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/certs`;
  const config = readConfig({ AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_INTERNAL_SECRET: 'x'.repeat(40) });
  database = await createTestDatabase();
  gateway = await startGateway({ port: 0, local: await buildAllSubgraphs({ database: database.database, config: TEST_CONFIG }), auth: config.auth });
});
afterAll(async () => {
  await gateway?.stop();
  await database?.drop();
  await new Promise((resolve) => provider?.close(resolve));
});

const token = (overrides: { issuer?: string; audience?: string; kid?: string } = {}) =>
  new SignJWT({ role: 'ANALYST', region: '310118' })
    .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? 'key-1' })
    .setSubject('analyst-from-sso')
    .setIssuer(overrides.issuer ?? ISSUER)
    .setAudience(overrides.audience ?? AUDIENCE)
    .setExpirationTime('5m')
    .sign(privateKey);

async function ask(bearer: string) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query: '{ tags { code } }' }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } };
}

test("a token signed with the provider's key, for this audience and from this issuer, is accepted", async () => {
  const { status, body } = await ask(await token());
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
});

test('another issuer, another audience, an unknown key or our own HS256 secret are refused with 401', async () => {
  const hs256 = await new SignJWT({ role: 'ANALYST', region: '310118' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('x')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode('test-only-secret-of-at-least-32-characters'));
  for (const bearer of [await token({ issuer: 'https://elsewhere.example' }), await token({ audience: 'another-app' }), await token({ kid: 'key-2' }), hs256]) {
    const { status, body } = await ask(bearer);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  }
});
