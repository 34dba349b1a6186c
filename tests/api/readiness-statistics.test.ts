/**
 * /ready waits for the statistics: a process started as `npm start` starts it (warmStatistics) reads every
 * subgraph's statistics in the background once it listens, and says `statistics` is not ready (naming what is
 * still warming, or what failed and is tried again) until each has been read once; the warm-up's time and each
 * read or catch-up are in /metrics, and a dashboard then finds the statistics read instead of reading them.
 */
import { afterEach, expect, test } from 'vitest';
import { buildAllSubgraphs, startGateway, type RunningGateway } from '../../gateway/platform.js';
import type { Subgraph } from '../../subgraphs/shared/subgraph.js';
import { builders } from '../support/builders.js';
import { TEST_CONFIG, tokenFor, TEST_ADMIN } from '../support/platform.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { metricsText, ready, readyWhenUp } from './operator-endpoints.js';

let running: { gateway: RunningGateway; test: TestDatabase } | null = null;
afterEach(async () => {
  await running?.gateway.stop();
  await running?.test.drop();
  running = null;
});

/** The platform as `npm start` runs it (statistics warmed in the background), each subgraph's warm-up going through `around`. */
async function startWarming(around: (subgraph: Subgraph, warm: () => Promise<void>) => Promise<void>) {
  const test = await createTestDatabase();
  const seed = builders(test.database.db);
  await seed.regionTree();
  await seed.resident({ name: 'Alice', birthDate: '1985-03-02' });
  const subgraphs = await buildAllSubgraphs({ database: test.database, config: TEST_CONFIG });
  const local = subgraphs.map((subgraph) => ({ ...subgraph, warm: () => around(subgraph, () => subgraph.warm!()) }));
  const gateway = await startGateway({ port: 0, local, auth: TEST_CONFIG.auth, database: test.database, warmStatistics: true, pollEvents: false });
  running = { gateway, test };
  return gateway;
}

const updates = (metrics: string, schema: string, kind: 'whole' | 'catch_up') =>
  Number(metrics.match(new RegExp(`^statistics_snapshot_update_seconds_count\\{schema="${schema}",kind="${kind}"\\} (\\d+)$`, 'm'))?.[1] ?? 0);
const wholeReads = (metrics: string, schema: string) => updates(metrics, schema, 'whole');

async function dashboard(gateway: RunningGateway) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
    body: JSON.stringify({ query: '{ region(code: "310118") { population { residents } health { testing { within24h } } } }' }),
  });
  return response.json();
}

test('/ready is 503 naming the subgraphs whose statistics are warming, then 200 once all are read; a dashboard then reads nothing again, and catches up after a write', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const gateway = await startWarming(async (_subgraph, warm) => {
    await held;
    await warm();
  });

  const warming = await ready(gateway.url);
  expect(warming.status).toBe(503);
  expect(warming.report).toMatchObject({ status: 'unavailable', failing: ['statistics'], checks: { database: { ok: true }, migrations: { ok: true } } });
  expect(warming.report.checks.statistics!.error).toBe('warming: population, health, permits, cases');

  release();
  const warm = await readyWhenUp(gateway.url);
  expect(warm.status).toBe(200);
  expect(warm.report.checks.statistics).toMatchObject({ ok: true });

  const metrics = await metricsText(gateway.url);
  for (const subgraph of ['population', 'health', 'permits', 'cases']) {
    expect(metrics).toMatch(new RegExp(`^statistics_warmup_seconds\\{subgraph="${subgraph}"\\} [\\d.e-]+$`, 'm'));
    expect(wholeReads(metrics, subgraph)).toBeGreaterThanOrEqual(1);
  }

  expect(await dashboard(gateway)).toMatchObject({ data: { region: { population: { residents: 1 } } } });
  const after = await metricsText(gateway.url);
  for (const schema of ['population', 'health']) expect(wholeReads(after, schema)).toBe(wholeReads(metrics, schema));

  await builders(running!.test.database.db).resident({ name: 'Bob', birthDate: '1950-11-20' });
  expect(await dashboard(gateway)).toMatchObject({ data: { region: { population: { residents: 2 } } } });
  const caughtUp = await metricsText(gateway.url);
  expect(updates(caughtUp, 'population', 'catch_up')).toBeGreaterThan(updates(after, 'population', 'catch_up'));
  expect(wholeReads(caughtUp, 'population')).toBe(wholeReads(after, 'population'));
});

test('a warm-up that fails is named on /ready with its error and tried again until it succeeds', async () => {
  let failures = 0;
  const gateway = await startWarming(async (subgraph, warm) => {
    if (subgraph.name === 'permits' && failures++ === 0) throw new Error('database away');
    await warm();
  });

  const started = performance.now();
  let answer = await ready(gateway.url);
  while (answer.status === 503 && !answer.report.checks.statistics?.error?.includes('failed') && performance.now() - started < 5_000) answer = await ready(gateway.url);
  expect(answer.status).toBe(503);
  expect(answer.report.failing).toEqual(['statistics']);
  expect(answer.report.checks.statistics!.error).toMatch(/failed, trying again: permits: database away/);

  while (answer.status !== 200 && performance.now() - started < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await ready(gateway.url);
  }
  expect(answer.status).toBe(200);
  expect(failures).toBe(2);
});
