/**
 * Identity at the edge: every GraphQL request carries a verified token; the
 * token's claims are the viewer; the role table decides which root fields and
 * mutations a role may use. Only /health and the IDE page answer without one.
 */
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, TOWN_B } from '../support/builders.js';
import { startTestPlatform, TEST_ADMIN, tokenFor, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const QUERY = '{ tags { code } }';
const SECRET = new TextEncoder().encode('test-only-secret-of-at-least-32-characters');

async function post(headers: Record<string, string>, query = QUERY) {
  const response = await fetch(platform.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, header: response.headers.get('www-authenticate'), body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] } };
}

const claims = { role: 'DISTRICT_ADMIN', region: '310118' };
const signed = (payload: Record<string, unknown>, expiresIn: string | number = '1h', secret = SECRET) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setSubject('someone').setExpirationTime(expiresIn).sign(secret);

describe('requests without an acceptable token get 401 UNAUTHENTICATED and no data', () => {
  const cases: [string, () => Promise<Record<string, string>>][] = [
    ['no Authorization header', async () => ({})],
    ['not a Bearer token', async () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
    ['garbage', async () => ({ authorization: 'Bearer not.a.jwt' })],
    ['expired', async () => ({ authorization: `Bearer ${await signed(claims, Math.floor(Date.now() / 1000) - 120)}` })],
    ['signed with another secret', async () => ({ authorization: `Bearer ${await signed(claims, '1h', new TextEncoder().encode('another-secret-another-secret-another'))}` })],
    ['alg: none', async () => ({ authorization: `Bearer ${new UnsecuredJWT(claims).setSubject('someone').setExpirationTime('1h').encode()}` })],
    [
      'a payload changed after signing',
      async () => {
        const [header, , signature] = (await signed({ ...claims, role: 'ANALYST' })).split('.');
        return { authorization: `Bearer ${header}.${base64url.encode(JSON.stringify({ ...claims, sub: 'someone', exp: 9999999999 }))}.${signature}` };
      },
    ],
    ['without exp', async () => ({ authorization: `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(SECRET)}` })],
    ['without sub', async () => ({ authorization: `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(SECRET)}` })],
    ['an unknown role', async () => ({ authorization: `Bearer ${await signed({ role: 'SUPERUSER', region: '310118' })}` })],
    ['a town officer claiming the district', async () => ({ authorization: `Bearer ${await signed({ role: 'TOWN_OFFICER', region: '310118' })}` })],
    ['a region that is no code', async () => ({ authorization: `Bearer ${await signed({ role: 'ANALYST', region: "3101' or 1=1" })}` })],
    ['an unsigned viewer header, the old way', async () => ({ 'x-platform-viewer': Buffer.from(JSON.stringify({ id: 'x', role: 'DISTRICT_ADMIN', regionCode: '310118' })).toString('base64url') })],
    ['a token of 100 KB', async () => ({ authorization: `Bearer ${'a'.repeat(100_000)}` })],
  ];
  test.each(cases)('%s', async (_name, headers) => {
    const response = await fetch(platform.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await headers()) }, body: JSON.stringify({ query: QUERY }) });
    // Node refuses headers over 16 KB itself (431) before any code of ours runs.
    if (response.status === 431) return;
    const { status, header, body } = { status: response.status, header: response.headers.get('www-authenticate'), body: (await response.json()) as Awaited<ReturnType<typeof post>>['body'] };
    expect(status).toBe(401);
    expect(header).toMatch(/^Bearer/);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message.length).toBeGreaterThan(10);
  });

  test('introspection and GET queries too', async () => {
    expect((await post({}, '{ __schema { types { name } } }')).status).toBe(401);
    const get = await fetch(`${platform.gateway.url}?query=${encodeURIComponent(QUERY)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(401);
  });

  test('the reason is told: an expired token says so', async () => {
    const { body } = await post({ authorization: `Bearer ${await signed(claims, Math.floor(Date.now() / 1000) - 120)}` });
    expect(body.errors?.[0]?.message).toMatch(/expired/);
  });
});

test('/health and the IDE page answer without a token', async () => {
  const base = platform.gateway.url.replace(/\/graphql$/, '');
  expect((await fetch(`${base}/health`)).status).toBe(200);
  const ide = await fetch(platform.gateway.url, { headers: { accept: 'text/html' } });
  expect(ide.status).toBe(200);
  // Outside development mode the IDE starts with a placeholder, never a working token.
  expect(await ide.text()).toContain('your token');
});

test('a valid token is the viewer: its sub is recorded as the actor of a change', async () => {
  const resident = await platform.seed.resident({ community: COMMUNITY_A1 });
  const token = await tokenFor({ id: 'worker-zhu', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A1 });
  const { status, body } = await post(
    { authorization: `Bearer ${token}` },
    `mutation { tagResident(residentId: "${resident.id}", tagCode: "BEDRIDDEN", reason: "home visit") { tagHistory { taggedBy } } }`,
  );
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(JSON.stringify(body.data)).toContain('worker-zhu');
});

describe('the role table: root fields and mutations a role may not use are FORBIDDEN (HTTP 403), nothing runs', () => {
  const tagMutation = (id: string) => `mutation { tagResident(residentId: "${id}", tagCode: "BEDRIDDEN", reason: "test") { id } }`;

  test('an analyst reads but changes nothing', async () => {
    const resident = await platform.seed.resident({ community: COMMUNITY_A1 });
    const analyst = { viewer: { id: 'analyst-1', role: 'ANALYST', regionCode: '310118' } } as const;
    expect((await platform.gql(QUERY, {}, analyst)).errors).toBeUndefined();
    const refused = await platform.gql(tagMutation(String(resident.id)), {}, analyst);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tags = await platform.data(`{ resident(id: "${resident.id}") { tags { code } } }`);
    expect(tags.resident.tags).toEqual([]);
  });

  test('a lab partner may not read residents; a permit bureau may not tag; a community worker may not transfer cases', async () => {
    const refusals: [Parameters<typeof tokenFor>[0], string][] = [
      [{ id: 'lab-1', role: 'LAB_PARTNER', regionCode: '310118' }, '{ residents(first: 1) { totalCount } }'],
      [{ id: 'bureau-1', role: 'PERMIT_BUREAU', regionCode: TOWN_B }, tagMutation('1')],
      [{ id: 'worker-1', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A1 }, 'mutation { transferCase(id: "1", facilityId: "1") { id } }'],
      // An alias does not hide the field behind it.
      [{ id: 'lab-1', role: 'LAB_PARTNER', regionCode: '310118' }, '{ labImport: residents(first: 1) { totalCount } }'],
    ];
    for (const [viewer, query] of refusals) {
      const { status, body } = await post({ authorization: `Bearer ${await tokenFor(viewer)}` }, query);
      expect(body.errors?.[0]?.extensions.code, `${viewer.role}: ${query}`).toBe('FORBIDDEN');
      expect(status).toBe(403);
      expect(body.data ?? null).toBeNull();
    }
  });

  test('fragments at the root do not hide a field', async () => {
    const { body } = await post(
      { authorization: `Bearer ${await tokenFor({ id: 'lab-1', role: 'LAB_PARTNER', regionCode: '310118' })}` },
      'query { ...F } fragment F on Query { ... on Query { residents(first: 1) { totalCount } } }',
    );
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  test('the administrator may do everything', async () => {
    expect((await platform.gql(QUERY, {}, { viewer: TEST_ADMIN })).errors).toBeUndefined();
  });
});

test('a refused role is told FORBIDDEN before anything about its input', async () => {
  const analyst = { viewer: { id: 'analyst-2', role: 'ANALYST', regionCode: '310118' } } as const;
  const response = await platform.gql(`mutation { tagResident(residentId: "1", tagCode: "BEDRIDDEN", reason: "${'x'.repeat(600)}") { id } }`, {}, analyst);
  expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
