/**
 * A real gateway process (`tsx gateway/main.ts`, embedded database in a scratch folder) told to stop while a
 * request is in flight: the request is answered in full, the process exits 0. Health is served by this test
 * behind a proxy that holds each request 1.5 s, so the request is surely in flight when SIGTERM comes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SUBGRAPH_FACTORIES } from '../../gateway/platform.js';
import { serveSubgraph, type RunningSubgraph } from '../../subgraphs/shared/serve-subgraph.js';
import { TEST_ADMIN, TEST_CONFIG, tokenFor, type GraphQLResponse } from '../support/platform.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { FaultProxy } from './fault-proxy.js';

const HELD_MS = 1_500;
const SECRET = 'test-only-secret-of-at-least-32-characters';

let test_: TestDatabase;
let health: RunningSubgraph;
let proxy: FaultProxy;
let dataDir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  test_ = await createTestDatabase();
  health = await serveSubgraph(await SUBGRAPH_FACTORIES.health({ database: test_.database, config: TEST_CONFIG }), 0, TEST_CONFIG.auth);
  proxy = await FaultProxy.start({ host: '127.0.0.1', port: Number(new URL(health.url).port) });
  dataDir = await mkdtemp(path.join(tmpdir(), 'platform-shutdown-'));
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await proxy?.cut();
  await health?.stop();
  await test_?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Starts `npm start`'s entry point; resolves with its URL once it logs that it is ready. */
async function startGatewayProcess(): Promise<{ url: string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; output: () => string }> {
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', DATA_DIR: dataDir, SEED_SIZE: 'test', AUTH_JWT_SECRET: SECRET, HEALTH_URL: proxy.url(health.url), LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '10000' };
  delete env.DATABASE_URL;
  const started = spawn(path.resolve('node_modules/.bin/tsx'), ['gateway/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => started.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Ready in [\d.]+ s: (http:\/\/localhost:\d+\/graphql)/.exec(output);
      if (ready) resolve(ready[1]!);
    };
    started.stdout!.on('data', onData);
    started.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`The gateway exited before it was ready:\n${output}`)));
  });
  return { url, exited, output: () => output };
}

test('SIGTERM with a request in flight: the request is answered in full, then the process exits 0', { timeout: 120_000 }, async () => {
  const gateway = await startGatewayProcess();
  proxy.delayMs = HELD_MS;
  const receivedBefore = proxy.received;
  const sent = performance.now();
  const inFlight = fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}`, 'x-request-id': 'shutdown-1' },
    body: JSON.stringify({ query: 'query Venues { venues(first: 1) { totalCount } }' }),
  });
  // In flight: the gateway has sent its fetch to health (held by the proxy).
  while (proxy.received === receivedBefore) await new Promise((resolve) => setTimeout(resolve, 20));
  child!.kill('SIGTERM');

  const response = await inFlight;
  expect(response.status).toBe(200);
  const body = (await response.json()) as GraphQLResponse;
  expect(body).toEqual({ data: { venues: { totalCount: 0 } } });
  expect(performance.now() - sent).toBeGreaterThanOrEqual(HELD_MS);

  expect(await gateway.exited).toEqual({ code: 0, signal: null });
  expect(gateway.output()).toContain('"msg":"shutting down: finishing requests in flight"');
  expect(gateway.output()).toContain('"msg":"stopped"');
  // Its log is JSON lines; the request's line has its id, operation and duration.
  const lines = gateway.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.find((line) => line.requestId === 'shutdown-1')).toMatchObject({ component: 'gateway', operation: 'Venues', status: 200, durationMs: expect.any(Number), msg: 'request' });
  expect(lines.find((line) => line.requestId === 'shutdown-1')!.durationMs).toBeGreaterThanOrEqual(HELD_MS);
});
