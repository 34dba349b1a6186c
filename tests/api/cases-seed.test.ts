/**
 * The generator's case data (seed/cases.ts), at test size: consistent with
 * health's announced positives (which replay as no-ops), caches true to the
 * timelines, facilities within capacity, and the platform starting on it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAllSubgraphs, startGateway, type RunningGateway } from '../../gateway/platform.js';
import { seedDatabase } from '../../seed/index.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { TEST_ADMIN, TEST_CONFIG, tokenFor } from '../support/platform.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const ANCHOR = new Date('2026-04-15T04:00:00Z');
let test_: TestDatabase;
let gateway: RunningGateway;
const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(test_.database.db, query);
const one = async (query: ReturnType<typeof sql>) => Number(Object.values((await rows<Record<string, unknown>>(query))[0]!)[0]);

beforeAll(async () => {
  test_ = await createTestDatabase();
  await seedDatabase(test_.database, 'test', { anchor: ANCHOR });
  gateway = await startGateway({ port: 0, local: await buildAllSubgraphs({ database: test_.database, config: TEST_CONFIG }), pollEvents: false, auth: TEST_CONFIG.auth });
});
afterAll(async () => {
  await gateway?.stop();
  await test_?.drop();
});

describe('seeded cases', () => {
  test('about one case per 400 residents; every announced positive is on a timeline; replaying them opens nothing', async () => {
    const cases = await one(sql`select count(*) from cases.positive_cases`);
    expect(cases).toBeGreaterThanOrEqual(5);
    expect(await one(sql`select count(distinct resident_id) from cases.residence_periods`)).toBe(2000);
    const unprojected = sql`select count(*) from population.residencies r where not exists (select 1 from cases.residence_periods p
      where p.id = r.id and p.resident_id = r.resident_id and p.community_code = r.community_code and p.address = r.address
        and p.started_at = r.started_at and p.ended_at is not distinct from r.ended_at)`;
    expect(await one(unprojected)).toBe(0);
    const unrecorded = sql`select count(*) from health.outbox o where o.topic = 'sample.individual-positive' and not exists (
      select 1 from cases.case_events e where e.data ->> 'sourceBarcode' = o.payload ->> 'barcode')`;
    expect(await one(unrecorded)).toBe(0);
    expect(await rows(sql`select consumer, last_id from cases.event_cursors order by consumer`)).toEqual([
      { consumer: 'cases<-health', last_id: expect.anything() },
      { consumer: 'cases<-population', last_id: expect.anything() },
    ]);
    await test_.database.db.execute(sql`update cases.event_cursors set last_id = 0 where consumer = 'cases<-health'`);
    await gateway.drainEvents();
    expect(await one(sql`select count(*) from cases.positive_cases`)).toBe(cases);
  });

  test('caches equal the latest timeline event; nothing after the anchor; facilities within capacity', async () => {
    expect(
      await one(sql`select count(*) from cases.positive_cases c cross join lateral (
        select status, facility_id, classification from cases.case_events e where e.case_id = c.id order by at desc, id desc limit 1) l
        where l.status <> c.status or l.facility_id is distinct from c.facility_id or l.classification <> c.classification`),
    ).toBe(0);
    expect(await one(sql`select count(*) from cases.case_events where at > ${ANCHOR.toISOString()}::timestamptz`)).toBe(0);
    expect(
      await one(sql`select count(*) from cases.facilities f where f.capacity < (select count(*) from cases.positive_cases c where c.facility_id = f.id and c.status = 'TRANSFERRED')`),
    ).toBe(0);
  });

  test('health applies the published case events on start: active cases read RED', async () => {
    await gateway.drainEvents();
    const active = await rows<{ resident_id: string | number }>(sql`select resident_id from cases.positive_cases where status in ('REPORTED', 'TRANSFERRED') limit 3`);
    expect(await one(sql`select count(*) from health.case_facts`)).toBe(await one(sql`select count(*) from cases.positive_cases`));
    for (const { resident_id } of active) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
        body: JSON.stringify({ query: `query($id: ID!) { resident(id: $id) { healthCode { reasons { code } } positiveCase { status } } }`, variables: { id: String(resident_id) } }),
      });
      const { data } = (await response.json()) as { data: { resident: { healthCode: { reasons: { code: string }[] }; positiveCase: { status: string } } } };
      expect(data.resident.healthCode.reasons.map((r) => r.code)).toContain('ACTIVE_CASE');
    }
  });
});
