/**
 * The database goes away under a running platform (PostgreSQL only: the test cuts a proxy between the pool and the
 * server; the server itself is shared and stays up). Requests fail fast with SERVICE_UNAVAILABLE, /ready names the
 * database, /health stays 200, nothing exits; when the link is back, requests, /ready and the event consumers
 * recover by themselves within 5 s.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildAllSubgraphs, startGateway, type RunningGateway } from '../../gateway/platform.js';
import { createDatabase, type Database } from '../../subgraphs/shared/db/database.js';
import { builders, COMMUNITY_B1 } from '../support/builders.js';
import { adminUrl, withDatabase } from '../support/database-url.js';
import { TEST_ADMIN, TEST_CONFIG, tokenFor, type GraphQLResponse } from '../support/platform.js';
import { FaultProxy } from './fault-proxy.js';
import { baseOf } from './operator-endpoints.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const template = inject('postgresTemplate');
if (!serverUrl || !template) console.log('database-outage.test.ts skipped: it needs PostgreSQL (TEST_DATABASE_URL), reached through a proxy it can cut; PGlite runs inside the process and cannot go away.');

describe.skipIf(!serverUrl || !template)('the database goes away and comes back', () => {
  const name = `platform_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let admin: postgres.Sql;
  let proxy: FaultProxy;
  let database: Database;
  let gateway: RunningGateway;
  let residentId: string;

  beforeAll(async () => {
    admin = postgres(adminUrl(serverUrl!), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${template}`);
    const server = new URL(serverUrl!);
    proxy = await FaultProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    const viaProxy = new URL(withDatabase(serverUrl!, name));
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    database = await createDatabase({ url: viaProxy.toString(), statementTimeoutMs: 10_000 });
    gateway = await startGateway({ port: 0, local: await buildAllSubgraphs({ database, config: TEST_CONFIG }), auth: TEST_CONFIG.auth, database });
    const seed = builders(database.db);
    await seed.regionTree();
    residentId = String((await seed.resident({ community: COMMUNITY_B1 })).id);
  });

  afterAll(async () => {
    await proxy?.restore();
    await gateway?.stop();
    await database?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  const base = () => baseOf(gateway.url);
  async function profile() {
    const started = performance.now();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
      body: JSON.stringify({ query: 'query($id: ID!) { resident(id: $id) { id name } }', variables: { id: residentId } }),
    });
    return { body: (await response.json()) as GraphQLResponse, ms: performance.now() - started };
  }

  test('requests fail fast with SERVICE_UNAVAILABLE while it is away, and everything recovers by itself within 5 s', { timeout: 30_000 }, async () => {
    expect((await profile()).body.errors).toBeUndefined();

    await proxy.cut();
    const away = await profile();
    expect(away.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(away.body.errors?.[0]?.message).toContain('database is unavailable');
    expect(away.ms).toBeLessThan(4_000);
    const ready = await fetch(`${base()}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { failing: string[] }).failing).toContain('database');
    expect((await fetch(`${base()}/health`)).status).toBe(200);

    await proxy.restore();
    const back = performance.now();
    let answer = await profile();
    while (answer.body.errors && performance.now() - back < 5_000) answer = await profile();
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.resident.id).toBe(residentId);
    expect((await fetch(`${base()}/ready`)).status).toBe(200);
    // The consumers poll again: each reports its lag once its databases answer.
    let lag = '';
    // Every consumer: health<-population, health<-cases, cases<-population, cases<-health, permits<-population, population<-cases.
    const CONSUMERS = 6;
    while (performance.now() - back < 5_000 && (lag.match(/^event_consumer_lag\{/gm) ?? []).length < CONSUMERS) lag = await (await fetch(`${base()}/metrics`)).text();
    expect(lag.match(/^event_consumer_lag\{consumer="[^"]+"\} \d+$/gm)).toHaveLength(CONSUMERS);
    expect(performance.now() - back).toBeLessThan(5_000);
  });
});
