/**
 * exemptAt, the one SQL definition of "exempt at T", called directly and
 * checked at its boundaries.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { people } from '../../subgraphs/health/db.js';
import { exemptAt } from '../../subgraphs/health/exemption/exemption.queries.js';
import { COMMUNITY_A1, type ResidentSpec } from '../support/builders.js';
import { plus, residentKnownToHealth, startHealthPlatform, type HealthBuilders } from '../support/health-builders.js';
import type { TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let health: HealthBuilders;
beforeAll(async () => {
  ({ platform, health } = await startHealthPlatform());
});
afterAll(() => platform?.stop());

const resident = (spec?: ResidentSpec) => residentKnownToHealth(platform, spec);

describe('exemptAt (the one definition of "exempt at T")', () => {
  test('holds from starts_at inclusive to ends_at exclusive, for either source, per resident', async () => {
    const a = await resident({ community: COMMUNITY_A1 });
    const b = await resident({ community: COMMUNITY_A1 });
    const start = new Date('2026-03-01T00:00:00Z');
    const end = new Date('2026-03-08T00:00:00Z');
    await health.exemption({ residentId: a.id, startsAt: start, endsAt: end });
    await health.exemption({ residentId: a.id, startsAt: new Date('2026-04-01T00:00:00Z'), source: 'TAG' }); // open-ended
    const db = platform.test.database.db;
    const exemptIds = async (at: Date) =>
      (
        await db
          .select({ id: people.residentId })
          .from(people)
          .where(sql`${people.residentId} in (${a.id}, ${b.id}) and ${exemptAt(people.residentId, at)}`)
      ).map((row) => row.id);

    expect(await exemptIds(plus(start, -1))).toEqual([]);
    expect(await exemptIds(start)).toEqual([a.id]);
    expect(await exemptIds(plus(end, -1))).toEqual([a.id]);
    expect(await exemptIds(end)).toEqual([]);
    expect(await exemptIds(new Date('2026-03-20T00:00:00Z'))).toEqual([]);
    expect(await exemptIds(new Date('2026-04-01T00:00:00Z'))).toEqual([a.id]);
    expect(await exemptIds(new Date('2030-01-01T00:00:00Z'))).toEqual([a.id]);
    // The instant may also be SQL, e.g. a column or expression of the outer query.
    const [row] = await db
      .select({ exempt: sql<boolean>`${exemptAt(sql`${a.id}::bigint`, sql`${'2026-03-02T00:00:00Z'}::timestamptz`)}` })
      .from(people)
      .limit(1);
    expect(row!.exempt).toBe(true);
  });
});
