/**
 * What an operator reads from the platform in one process: /health while it runs, /ready while its database
 * answers and carries every committed migration (503 naming the check otherwise), /metrics in Prometheus' format,
 * and a request id on every answer.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { startTestPlatform, TEST_ADMIN, tokenFor, type TestPlatform } from '../support/platform.js';
import { baseOf, ready as readOnce, readyWhenUp } from './operator-endpoints.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const base = () => baseOf(platform.gateway.url);
const ready = () => readyWhenUp(platform.gateway.url);

test('/ready: 200 with its checks while the database answers and is migrated; 503 naming migrations when one is missing', async () => {
  const up = await ready();
  expect(up.status).toBe(200);
  expect(up.report).toMatchObject({ status: 'ready', failing: [], checks: { database: { ok: true }, migrations: { ok: true } } });

  const db = platform.test.database.db;
  const [newest] = await queryRows<{ id: number; hash: string; created_at: string }>(db, sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`);
  await db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${newest!.id}`);
  try {
    const behind = await readOnce(platform.gateway.url);
    expect(behind.status).toBe(503);
    expect(behind.report).toMatchObject({ status: 'unavailable', failing: ['migrations'] });
    expect(behind.report.checks.migrations!.error).toMatch(/migration \d{4}_\w+ is not applied/);
  } finally {
    await db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${newest!.id}, ${newest!.hash}, ${newest!.created_at})`);
  }
  expect((await ready()).status).toBe(200);
  expect((await fetch(`${base()}/health`)).status).toBe(200);
});

test('every answer carries a request id: the one sent, or a new one', async () => {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` };
  const body = JSON.stringify({ query: 'query Tags { tags { code } }' });
  const given = await fetch(platform.gateway.url, { method: 'POST', headers: { ...headers, 'x-request-id': 'ops-42' }, body });
  expect(given.headers.get('x-request-id')).toBe('ops-42');
  const fresh = await fetch(platform.gateway.url, { method: 'POST', headers, body });
  expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  // A header that is no id (too long, odd characters) is replaced, not logged as sent.
  const odd = await fetch(platform.gateway.url, { method: 'POST', headers: { ...headers, 'x-request-id': 'a b\u00e9' }, body });
  expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('/metrics: requests and latency by operation, event lag per consumer, statistics snapshot age, process memory', async () => {
  await platform.data('query Tags { tags { code } }');
  await platform.gql('query Broken { residents(first: 501) { totalCount } }');
  await platform.data('query Statistics { region(code: "310118") { population { residents } } }');
  const response = await fetch(`${base()}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  expect(text).toMatch(/^graphql_requests_total\{component="gateway",operation="Tags",outcome="ok"\} [1-9]\d*$/m);
  expect(text).toMatch(/^graphql_requests_total\{component="gateway",operation="Broken",outcome="error"\} 1$/m);
  expect(text).toMatch(/^graphql_request_duration_seconds_count\{component="gateway",operation="Tags"\} [1-9]\d*$/m);
  for (const consumer of ['health<-population', 'health<-cases', 'cases<-population', 'cases<-health', 'population<-cases']) {
    expect(text).toMatch(new RegExp(`^event_consumer_lag\\{consumer="${consumer}"\\} \\d+$`, 'm'));
  }
  expect(text).toMatch(/^statistics_snapshot_age_seconds\{schema="population"\} [\d.e-]+$/m);
  expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
});
