/**
 * The permits part of the synthetic data set ('test' size), read through the
 * API: valid credit codes, about one enterprise per 60 residents, permits in
 * every status, caches equal to their histories, the indexes consistent at the
 * anchor, and the same anchor giving the same rows.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDatabase, type SeedSummary } from '../../seed/index.js';
import { collectWorkers, generatePermits } from '../../seed/permits.js';
import { parseCreditCode } from '../../subgraphs/permits/enterprise/credit-code.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

const ANCHOR = new Date('2022-04-15T02:00:00Z');
let platform: TestPlatform;
let summary: SeedSummary;

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  summary = await seedDatabase(platform.test.database, 'test', { anchor: ANCHOR });
});
afterAll(() => platform?.stop());

const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(platform.test.database.db, query);

describe('seeded permits', () => {
  test('about one enterprise per 60 residents, each with a valid credit code, an industry and a community', async () => {
    expect(summary.enterprises).toBeGreaterThan(summary.residents / 60 * 0.8);
    expect(summary.enterprises).toBeLessThan(summary.residents / 60 * 1.2);
    const { enterprises } = await platform.data(`{ enterprises(first: 500) { totalCount edges { node { creditCode industry community { code name } } } } }`);
    expect(enterprises.totalCount).toBe(summary.enterprises);
    for (const { node } of enterprises.edges) {
      expect(parseCreditCode(node.creditCode)).toMatchObject({ ok: true, parts: { organizationCodeChecks: true } });
      expect(node.community.name).toEqual(expect.any(String));
    }
    expect(new Set(enterprises.edges.map((e: any) => e.node.industry)).size).toBeGreaterThan(4);
  });

  test('permits in every status, resumption statuses of every kind, caches equal to the latest history rows', async () => {
    const statuses = await rows<{ status: string }>(sql`select distinct case when status = 'APPROVED' and valid_to <= ${ANCHOR.toISOString()}::timestamptz then 'EXPIRED' else status::text end as status from permits.work_permits`);
    expect(statuses.map((r) => r.status).sort()).toEqual(['APPROVED', 'EXPIRED', 'PENDING', 'REJECTED', 'REVOKED']);
    const resumption = await rows<{ status: string }>(sql`select distinct resumption_status::text as status from permits.enterprises`);
    expect(resumption.map((r) => r.status).sort()).toEqual(['APPROVED_TO_RESUME', 'NOT_RESUMED', 'SUSPENDED']);
    const [stale] = await rows<{ permits: number | string; enterprises: number | string; later: number | string }>(sql`select
      (select count(*) from permits.work_permits p where p.status <> (select e.to_status from permits.permit_events e where e.permit_id = p.id order by e.at desc, e.id desc limit 1)) as permits,
      (select count(*) from permits.enterprises p where p.resumption_status <> (select c.status from permits.enterprise_status_changes c where c.enterprise_id = p.id order by c.at desc, c.id desc limit 1)) as enterprises,
      (select count(*) from permits.permit_events where at > ${ANCHOR.toISOString()}::timestamptz) + (select count(*) from permits.enterprise_status_changes where at > ${ANCHOR.toISOString()}::timestamptz) as later`);
    expect([Number(stale!.permits), Number(stale!.enterprises), Number(stale!.later)]).toEqual([0, 0, 0]);
  });

  test('at the anchor the district index is the sum of its towns (each worker holds one permit at most)', async () => {
    const query = `query($asOf: DateTime) { region(code: "310118") { permits(asOf: $asOf) { pending active resumedWorkers enterprisesResumed }
      children { permits(asOf: $asOf) { pending active resumedWorkers enterprisesResumed } } } }`;
    const { region } = await platform.data(query, { asOf: ANCHOR.toISOString() });
    expect(region.permits.active).toBeGreaterThan(0);
    expect(region.permits.pending).toBeGreaterThan(0);
    for (const key of ['pending', 'active', 'resumedWorkers', 'enterprisesResumed']) {
      expect(region.children.reduce((sum: number, town: any) => sum + town.permits[key], 0)).toBe(region.permits[key]);
    }
    // The history-based count at the anchor equals the caches' (nothing changed after it).
    const [cached] = await rows<{ n: number | string }>(sql`select count(*) as n from permits.enterprises where resumption_status = 'APPROVED_TO_RESUME'`);
    expect(region.permits.enterprisesResumed).toBe(Number(cached!.n));
  });

  test('the same anchor gives the same rows', async () => {
    const workers = await collectWorkers(platform.test.database, ANCHOR);
    const once = [...generatePermits({ name: 'test', anchor: ANCHOR }, workers)];
    const twice = [...generatePermits({ name: 'test', anchor: ANCHOR }, workers)];
    expect(twice).toEqual(once);
    expect(once.reduce((n, c) => n + c.permits.length, 0)).toBe(summary.workPermits);
  });
});
