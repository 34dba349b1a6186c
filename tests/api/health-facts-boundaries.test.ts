/**
 * The facts the health code and the health indexes gather in SQL
 * (health-code/health-facts.queries.ts, venue exposure, exemptions, home
 * observation), case by case at their boundaries, through the API: a
 * resident's Resident.healthCode(asOf) and the drill-down lists of their
 * community at the same instant, which must agree with the index values.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1 } from '../support/builders.js';
import { HEALTH_INDEXES, healthListsOf, indexValue, listsOf, type HealthIndexName } from '../support/health-index-lists.js';
import { DAY, HOUR, MINUTE, plus, startHealthPlatform, type HealthBuilders } from '../support/health-builders.js';
import type { TestPlatform } from '../support/platform.js';

/** A: 2026-10-01 12:00 in Shanghai. */
const A = new Date('2026-10-01T04:00:00Z');
const at = (ms: number) => plus(A, ms);
const SECOND = 1000;

let platform: TestPlatform;
let health: HealthBuilders;
beforeAll(async () => {
  ({ platform, health } = await startHealthPlatform());
});
afterAll(() => platform?.stop());

async function resident(): Promise<number> {
  const { id } = await platform.seed.resident({ community: COMMUNITY_A1 });
  await platform.drainEvents();
  return id;
}

const CODE = `query($id: ID!, $asOf: DateTime) { resident(id: $id) { healthCode(asOf: $asOf) { color reasons { code } } } }`;

/** The resident's code at `instant` and the lists of their community they are on then (checked against the index values). */
async function stateAt(residentId: number, instant: Date): Promise<{ color: string; reasons: string[]; lists: HealthIndexName[] }> {
  const [code, indexes] = await Promise.all([
    platform.data(CODE, { id: String(residentId), asOf: instant.toISOString() }),
    healthListsOf(platform, COMMUNITY_A1, instant),
  ]);
  for (const index of HEALTH_INDEXES) expect(indexes[index].totalCount, index).toBe(indexValue(indexes, index));
  const { color, reasons } = code.resident.healthCode;
  return { color, reasons: reasons.map((reason: { code: string }) => reason.code), lists: listsOf(indexes, residentId) };
}

describe('pool-positive pending retest', () => {
  test('a later pooled NEGATIVE does not clear a positive pool; a later SINGLE negative does, from its result', async () => {
    const r = await resident();
    await health.sample({ residentId: r, sampledAt: at(-2 * HOUR), resultAt: at(-HOUR) }); // a single taken before the pool clears nothing
    await health.sample({ residentId: r, sampledAt: A, tubeType: 'POOLED', result: 'POSITIVE', resultAt: at(6 * HOUR) });
    await health.sample({ residentId: r, sampledAt: at(24 * HOUR), tubeType: 'POOLED', result: 'NEGATIVE', resultAt: at(30 * HOUR) });
    await health.sample({ residentId: r, sampledAt: at(48 * HOUR), tubeType: 'SINGLE', result: 'NEGATIVE', resultAt: at(54 * HOUR) });

    const beforeResult = await stateAt(r, at(6 * HOUR - SECOND));
    expect(beforeResult.color).toBe('GREEN');
    expect(beforeResult.lists).not.toContain('POOL_POSITIVE_PENDING_RETEST');

    for (const instant of [at(6 * HOUR), at(36 * HOUR)]) {
      const pending = await stateAt(r, instant);
      expect(pending.color, instant.toISOString()).toBe('RED');
      expect(pending.reasons).toContain('POOL_POSITIVE_PENDING_RETEST');
      expect(pending.lists).toEqual(expect.arrayContaining(['POOL_POSITIVE_PENDING_RETEST', 'RED']));
    }

    // The individual retest is taken, its result not known yet: still pending retest, and its result pending.
    const retesting = await stateAt(r, at(54 * HOUR - SECOND));
    expect(retesting.color).toBe('RED');
    expect(retesting.lists).toEqual(expect.arrayContaining(['POOL_POSITIVE_PENDING_RETEST', 'RED', 'PENDING_RESULTS']));

    const cleared = await stateAt(r, at(54 * HOUR));
    expect(cleared.color).toBe('GREEN');
    expect(cleared.lists).not.toContain('POOL_POSITIVE_PENDING_RETEST');
    expect(cleared.lists).not.toContain('RED');
    expect(cleared.lists).toContain('GREEN');
  });
});

describe('venue exposure', () => {
  test('a scan within 30 minutes (either way) of a person whose individual positive sample was taken within 3 days after their scan', async () => {
    const venue = await health.venue();
    const other = await health.venue();
    const [positive, farPositive, pooled] = [await resident(), await resident(), await resident()];
    const [at30, at31, before30, farScan, sampledSince, pooledScan] = [await resident(), await resident(), await resident(), await resident(), await resident(), await resident()];
    // Everyone exposed-or-not was sampled the day before, so only the exposure can turn them YELLOW.
    for (const r of [at30, at31, before30, farScan, sampledSince, pooledScan]) await health.sample({ residentId: r, sampledAt: at(-DAY), resultAt: at(-20 * HOUR) });

    await health.scan(positive, venue, A);
    await health.sample({ residentId: positive, sampledAt: at(72 * HOUR), result: 'POSITIVE', resultAt: at(78 * HOUR) }); // exactly 3 days after
    await health.scan(at30, venue, at(30 * MINUTE));
    await health.scan(at31, venue, at(31 * MINUTE));
    await health.scan(before30, venue, at(-30 * MINUTE));
    await health.scan(sampledSince, venue, at(10 * MINUTE));
    await health.sample({ residentId: sampledSince, sampledAt: at(HOUR), resultAt: at(2 * HOUR) });

    await health.scan(farPositive, other, A);
    await health.sample({ residentId: farPositive, sampledAt: at(72 * HOUR + MINUTE), result: 'POSITIVE', resultAt: at(78 * HOUR) }); // a minute too late
    await health.scan(farScan, other, A);

    const third = await health.venue();
    await health.scan(pooled, third, A);
    await health.sample({ residentId: pooled, sampledAt: at(HOUR), tubeType: 'POOLED', result: 'POSITIVE', resultAt: at(6 * HOUR) }); // a pool is not a positive
    await health.scan(pooledScan, third, A);

    // Before the positive result is known, nobody is exposed.
    expect((await stateAt(at30, at(78 * HOUR - SECOND))).color).toBe('GREEN');
    const when = at(78 * HOUR);
    for (const r of [at30, before30]) {
      const exposed = await stateAt(r, when);
      expect(exposed).toMatchObject({ color: 'YELLOW', reasons: ['VENUE_EXPOSURE'] });
      expect(exposed.lists).toContain('YELLOW');
    }
    for (const r of [at31, farScan, sampledSince, pooledScan]) {
      const clear = await stateAt(r, when);
      expect(clear.color).toBe('GREEN');
      expect(clear.lists).toContain('GREEN');
    }
  });
});

describe('NO_RECENT_TEST and the sampling windows', () => {
  test('a sample counts within 72 h until exactly 72 h old; the code turns YELLOW at exactly the interval (168 h)', async () => {
    const r = await resident();
    await health.sample({ residentId: r, sampledAt: A, resultAt: at(6 * HOUR) });
    expect((await stateAt(r, at(72 * HOUR - SECOND))).lists).toContain('WITHIN_72H');
    const untested = await stateAt(r, at(72 * HOUR));
    expect(untested.lists).toContain('UNTESTED_72H');
    expect(untested.lists).not.toContain('WITHIN_72H');

    expect(await stateAt(r, at(168 * HOUR - SECOND))).toMatchObject({ color: 'GREEN', reasons: [] });
    const lapsed = await stateAt(r, at(168 * HOUR));
    expect(lapsed).toMatchObject({ color: 'YELLOW', reasons: ['NO_RECENT_TEST'] });
    expect(lapsed.lists).toContain('YELLOW');
  });
});

describe('exemptions', () => {
  test('exempt from its start (inclusive) until its end (exclusive): no NO_RECENT_TEST, off the untested list', async () => {
    const r = await resident(); // never sampled
    await health.exemption({ residentId: r, startsAt: at(10 * HOUR), endsAt: at(20 * HOUR) });
    for (const [instant, exempt] of [[at(10 * HOUR - SECOND), false], [at(10 * HOUR), true], [at(20 * HOUR - SECOND), true], [at(20 * HOUR), false]] as const) {
      const state = await stateAt(r, instant);
      expect(state.lists.includes('EXEMPT'), instant.toISOString()).toBe(exempt);
      expect(state.lists.includes('UNTESTED_72H'), instant.toISOString()).toBe(!exempt);
      expect(state.color, instant.toISOString()).toBe(exempt ? 'GREEN' : 'YELLOW');
    }
  });
});

describe('home observation', () => {
  test('active from its start (inclusive) until its planned end or early end, whichever comes first (exclusive)', async () => {
    const planned = await resident();
    const endedEarly = await resident();
    for (const r of [planned, endedEarly]) await health.sample({ residentId: r, sampledAt: A, resultAt: at(HOUR) });
    await health.observation({ residentId: planned, startedAt: at(HOUR), days: 2 });
    await health.observation({ residentId: endedEarly, startedAt: at(HOUR), days: 2, endedAt: at(5 * HOUR) });

    const cases: [number, Date, boolean][] = [
      [planned, at(HOUR - SECOND), false],
      [planned, at(HOUR), true],
      [planned, at(HOUR + 2 * DAY - SECOND), true],
      [planned, at(HOUR + 2 * DAY), false],
      [endedEarly, at(5 * HOUR - SECOND), true],
      [endedEarly, at(5 * HOUR), false],
    ];
    for (const [r, instant, active] of cases) {
      const state = await stateAt(r, instant);
      expect(state.lists.includes('HOME_OBSERVATION_ACTIVE'), instant.toISOString()).toBe(active);
      expect(state.reasons.includes('HOME_OBSERVATION'), instant.toISOString()).toBe(active);
      expect(state.color, instant.toISOString()).toBe(active ? 'YELLOW' : 'GREEN');
    }
  });
});

describe('pendingResults', () => {
  test('pending until the result-at of the latest sample (inclusive); the latest sampling instant decides; one unresulted sample at it is enough', async () => {
    const single = await resident();
    await health.sample({ residentId: single, sampledAt: A, resultAt: at(6 * HOUR) });
    expect((await stateAt(single, at(6 * HOUR - SECOND))).lists).toContain('PENDING_RESULTS');
    expect((await stateAt(single, at(6 * HOUR))).lists).not.toContain('PENDING_RESULTS');

    const laterPending = await resident();
    await health.sample({ residentId: laterPending, sampledAt: A, resultAt: at(HOUR) });
    await health.sample({ residentId: laterPending, sampledAt: at(2 * HOUR), result: 'PENDING' });
    expect((await stateAt(laterPending, at(3 * HOUR))).lists).toContain('PENDING_RESULTS');

    const earlierPending = await resident();
    await health.sample({ residentId: earlierPending, sampledAt: A, result: 'PENDING' });
    await health.sample({ residentId: earlierPending, sampledAt: at(2 * HOUR), resultAt: at(3 * HOUR) });
    expect((await stateAt(earlierPending, at(3 * HOUR))).lists).not.toContain('PENDING_RESULTS');

    const tie = await resident();
    await health.sample({ residentId: tie, sampledAt: A, resultAt: at(HOUR) });
    await health.sample({ residentId: tie, sampledAt: A, result: 'PENDING' });
    const tied = await stateAt(tie, at(2 * HOUR));
    expect(tied.lists).toContain('PENDING_RESULTS');
    // Both results known: no longer pending.
    const bothKnown = await resident();
    await health.sample({ residentId: bothKnown, sampledAt: A, resultAt: at(HOUR) });
    await health.sample({ residentId: bothKnown, sampledAt: A, resultAt: at(90 * MINUTE) });
    expect((await stateAt(bothKnown, at(90 * MINUTE - SECOND))).lists).toContain('PENDING_RESULTS');
    expect((await stateAt(bothKnown, at(90 * MINUTE))).lists).not.toContain('PENDING_RESULTS');
  });
});

describe('Resident.healthCode(asOf)', () => {
  test('now by default; a past instant gives the code of then; the future is refused', async () => {
    const r = await resident();
    const sampledAt = new Date(Date.now() - 10 * DAY);
    await health.sample({ residentId: r, sampledAt, resultAt: plus(sampledAt, HOUR) });
    const now = (await platform.data(CODE, { id: String(r) })).resident.healthCode;
    expect(now).toEqual({ color: 'YELLOW', reasons: [{ code: 'NO_RECENT_TEST' }] });
    const then = (await platform.data(CODE, { id: String(r), asOf: plus(sampledAt, DAY).toISOString() })).resident.healthCode;
    expect(then).toEqual({ color: 'GREEN', reasons: [] });
    const future = await platform.gql(CODE, { id: String(r), asOf: new Date(Date.now() + HOUR).toISOString() });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    expect(future.data.resident).toEqual({ healthCode: null });
  });
});
