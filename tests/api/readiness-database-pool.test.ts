/**
 * The database pool in /metrics: on PostgreSQL, the pool's size and its open connections by state as the server
 * reports them (a statement running shows as active); PGlite runs in the process, one connection and no pool, so
 * it reports none.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { metricsText } from './operator-endpoints.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
});
afterAll(() => platform?.stop());

const series = (metrics: string, name: string, labels: string) => metrics.match(new RegExp(`^${name}\\{${labels}\\} (\\d+)$`, 'm'))?.[1];

test('/metrics: the pool size and its connections by state, a running statement among the active', async () => {
  const { database } = platform.test;
  if (database.kind === 'pglite') {
    expect(await metricsText(platform.gateway.url)).not.toMatch(/^database_pool/m);
    return;
  }
  let slept = false;
  const sleeping = database.db.execute(sql`select pg_sleep(1)`).then(() => (slept = true));
  // Scraped while the statement runs (it has reached the server once its connection shows active).
  let metrics = await metricsText(platform.gateway.url);
  while (!series(metrics, 'database_pool_connections', 'pool="main",state="active"') && !slept) metrics = await metricsText(platform.gateway.url);
  await sleeping;

  expect(series(metrics, 'database_pool_max_connections', 'pool="main"')).toBe('10');
  // At least the sleeping statement (the same scrape's lag readings may be running too).
  expect(Number(series(metrics, 'database_pool_connections', 'pool="main",state="active"'))).toBeGreaterThanOrEqual(1);
  // The scrape's own connection counts as idle: apart from its reading, it is free.
  expect(Number(series(metrics, 'database_pool_connections', 'pool="main",state="idle"'))).toBeGreaterThanOrEqual(1);
});
