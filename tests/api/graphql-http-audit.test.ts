/**
 * The GraphQL over HTTP conformance audits of graphql-http against the
 * gateway, with a token (every request needs one): no failure (MUST), and no
 * more warnings (SHOULD) than the three known ones.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestPlatform, TEST_ADMIN, tokenFor, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let authorization: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  authorization = `Bearer ${await tokenFor(TEST_ADMIN)}`;
});
afterAll(() => platform?.stop());

test('graphql-http server audits: no error, at most 3 warnings', async () => {
  const audits = serverAudits({
    url: () => platform.gateway.url,
    fetchFn: (input: Parameters<typeof fetch>[0], init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', authorization);
      return fetch(input, { ...init, headers });
    },
  });
  const results = await Promise.all(audits.map((audit) => audit.fn()));
  const errors = results.filter((result) => result.status === 'error');
  const warnings = results.filter((result) => result.status === 'warn');
  expect(errors.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
  expect(warnings.length, warnings.map((result) => result.name).join('\n')).toBeLessThanOrEqual(3);
});
