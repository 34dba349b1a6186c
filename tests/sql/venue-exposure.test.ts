/**
 * The venue SQL rules on hand-built fixtures, called directly: abnormalScan()
 * and the venue-exposure rule (exposureScansOf) at each of its boundaries.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scans } from '../../subgraphs/health/db.js';
import { abnormalScan, exposureScansOf } from '../../subgraphs/health/venue/venue.queries.js';
import type { ResidentSpec } from '../support/builders.js';
import { DAY, HOUR, MINUTE, plus, residentKnownToHealth, startHealthPlatform, type HealthBuilders } from '../support/health-builders.js';
import type { TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let health: HealthBuilders;
beforeAll(async () => {
  ({ platform, health } = await startHealthPlatform());
});
afterAll(() => platform?.stop());

const resident = (spec?: ResidentSpec) => residentKnownToHealth(platform, spec);

describe('abnormalScan', () => {
  test('abnormalScan() is "colour shown not GREEN"', async () => {
    const r = await resident();
    const v = await health.venue();
    for (const color of ['GREEN', 'YELLOW', 'RED'] as const) await health.scan(r.id, v, new Date('2026-01-01T00:00:00Z'), color);
    const rows = await platform.test.database.db
      .select({ color: scans.colorShown })
      .from(scans)
      .where(abnormalScan());
    expect(new Set(rows.map((row) => row.color))).toEqual(new Set(['YELLOW', 'RED']));
  });
});

describe('venue exposure: exposureScansOf', () => {
  // Every scenario has its own venue and its own positive person, so they cannot disturb each other.
  const at = new Date('2026-06-20T12:00:00Z');

  async function people(n: number) {
    const list = [];
    for (let i = 0; i < n; i++) list.push(await platform.seed.resident());
    await platform.drainEvents();
    return list.map((r) => r.id);
  }

  const exposures = async (ids: number[], when = at) => {
    const map = await exposureScansOf(platform.test.database.db, ids, when);
    return Object.fromEntries([...map].map(([id, times]) => [id, times.map((t) => t.toISOString())]));
  };

  test('within 30 minutes either way of a positive person\'s scan, inclusive; 31 minutes is not; nobody exposes themselves', async () => {
    const [positive, before30, after30, after31, elsewhere] = await people(5);
    const v = await health.venue();
    const s = plus(at, -5 * DAY);
    await health.scan(positive!, v, s);
    await health.scan(positive!, v, plus(s, 10 * MINUTE)); // the positive person's own second scan
    await health.sample({ residentId: positive!, sampledAt: plus(s, 2 * DAY), result: 'NEGATIVE' }); // negatives expose nobody
    await health.scan(before30!, v, plus(s, -30 * MINUTE));
    await health.scan(after30!, v, plus(s, 40 * MINUTE)); // 30 min after the positive person's second scan
    await health.scan(after31!, v, plus(s, 41 * MINUTE));
    await health.scan(elsewhere!, await health.venue(), s);
    // Sampled exactly 3 days after the first scan (inclusive).
    await health.sample({ residentId: positive!, sampledAt: plus(s, 3 * DAY), result: 'POSITIVE' });

    expect(await exposures([positive!, before30!, after30!, after31!, elsewhere!])).toEqual({
      [positive!]: [],
      [before30!]: [plus(s, -30 * MINUTE).toISOString()],
      [after30!]: [plus(s, 40 * MINUTE).toISOString()],
      [after31!]: [],
      [elsewhere!]: [],
    });
  });

  test('the positive sample counts from the positive person\'s scan: 3 days + 1 minute after it, or before it, exposes nobody', async () => {
    const [late, lateNeighbour, early, earlyNeighbour] = await people(4);
    const v1 = await health.venue();
    const s1 = plus(at, -6 * DAY);
    await health.scan(late!, v1, s1);
    await health.sample({ residentId: late!, sampledAt: plus(s1, 3 * DAY + MINUTE), result: 'POSITIVE' });
    // Within 3 days after the neighbour's own scan, but not after the positive person's: no exposure.
    await health.scan(lateNeighbour!, v1, plus(s1, 10 * MINUTE));

    const v2 = await health.venue();
    await health.scan(early!, v2, s1);
    await health.sample({ residentId: early!, sampledAt: plus(s1, -MINUTE), result: 'POSITIVE' }); // taken before the scan
    await health.scan(earlyNeighbour!, v2, s1);

    expect(await exposures([lateNeighbour!, earlyNeighbour!])).toEqual({ [lateNeighbour!]: [], [earlyNeighbour!]: [] });
  });

  test('a positive result counts from its result_at: not yet known at `at`, known just after', async () => {
    const [positive, neighbour] = await people(2);
    const v = await health.venue();
    const s = plus(at, -3 * DAY);
    await health.scan(positive!, v, s);
    await health.sample({ residentId: positive!, sampledAt: plus(s, DAY), result: 'POSITIVE', resultAt: plus(at, HOUR) });
    await health.scan(neighbour!, v, plus(s, 5 * MINUTE));
    expect(await exposures([neighbour!])).toEqual({ [neighbour!]: [] });
    expect(await exposures([neighbour!], plus(at, HOUR - 1))).toEqual({ [neighbour!]: [] });
    expect(await exposures([neighbour!], plus(at, HOUR))).toEqual({ [neighbour!]: [plus(s, 5 * MINUTE).toISOString()] });
  });

  test('a POSITIVE pooled tube exposes nobody (its members are pending retest, not positive)', async () => {
    const [pooled, neighbour] = await people(2);
    const v = await health.venue();
    const s = plus(at, -2 * DAY);
    await health.scan(pooled!, v, s);
    await health.sample({ residentId: pooled!, sampledAt: plus(s, HOUR), result: 'POSITIVE', tubeType: 'POOLED' });
    await health.scan(neighbour!, v, s);
    expect(await exposures([neighbour!])).toEqual({ [neighbour!]: [] });
  });

  test('scans of the last 14 days count (exactly 14 days inclusive), older ones and later ones do not; several exposures are listed oldest first', async () => {
    const [positive, edge, tooOld, twice] = await people(4);
    const v = await health.venue();
    const s = plus(at, -14 * DAY);
    await health.scan(positive!, v, plus(s, -10 * MINUTE));
    await health.scan(positive!, v, plus(at, -DAY));
    await health.sample({ residentId: positive!, sampledAt: plus(s, DAY), result: 'POSITIVE' });
    await health.scan(edge!, v, s);
    await health.scan(tooOld!, v, plus(s, -MINUTE));
    await health.scan(twice!, v, plus(s, 5 * MINUTE));
    await health.scan(twice!, v, plus(at, -DAY + 20 * MINUTE)); // near the second scan: its sample (s + 1 day) is before it, so no
    await health.scan(twice!, v, plus(s, 15 * MINUTE));

    expect(await exposures([edge!, tooOld!, twice!])).toEqual({
      [edge!]: [s.toISOString()],
      [tooOld!]: [],
      [twice!]: [plus(s, 5 * MINUTE).toISOString(), plus(s, 15 * MINUTE).toISOString()],
    });
    // A day later the edge scan has aged out; asking about nobody gives nothing.
    expect((await exposures([edge!], plus(at, DAY)))[edge!]).toEqual([]);
    expect(await exposures([], at)).toEqual({});
  });
});
