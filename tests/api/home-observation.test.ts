/**
 * Home health observation: started and ended by hand, one active at a time,
 * ending by itself at its planned end; Resident.homeObservation shows the
 * active one, else the most recent; homeObservationActiveAt (SQL) and
 * isHomeObservationActiveAt (TypeScript) agree at every boundary.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { homeObservations } from '../../subgraphs/health/db.js';
import { homeObservationActiveAt, homeObservationStarts, isHomeObservationActiveAt } from '../../subgraphs/health/observation/observation.rules.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { parseTimestamp } from '../../subgraphs/shared/db/timestamps.js';
import type { ResidentSpec } from '../support/builders.js';
import { DAY, HOUR, plus, residentKnownToHealth, startHealthPlatform, type HealthBuilders } from '../support/health-builders.js';
import { expectError, ok } from '../support/assertions.js';
import type { TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let health: HealthBuilders;
beforeAll(async () => {
  ({ platform, health } = await startHealthPlatform());
});
afterAll(() => platform?.stop());

const OBSERVATION = 'id reason startedAt plannedEndAt endedAt statedFrom statedUntil active';
const START = `mutation($residentId: ID!, $reason: String!, $startedAt: DateTime, $days: Int) {
  startHomeObservation(residentId: $residentId, reason: $reason, startedAt: $startedAt, days: $days) { ${OBSERVATION} }
}`;
const END = `mutation($residentId: ID!, $endedAt: DateTime) { endHomeObservation(residentId: $residentId, endedAt: $endedAt) { ${OBSERVATION} } }`;
const RESIDENT = `query($id: ID!) { resident(id: $id) { homeObservation { ${OBSERVATION} } } }`;

const start = (residentId: number | string, options: { reason?: string; startedAt?: Date; days?: number } = {}) =>
  platform.gql(START, {
    residentId: String(residentId),
    reason: options.reason ?? 'Returned from a risk area',
    startedAt: options.startedAt?.toISOString(),
    days: options.days,
  });
const end = (residentId: number | string, endedAt?: Date) => platform.gql(END, { residentId: String(residentId), endedAt: endedAt?.toISOString() });
const current = async (id: number) => (await platform.data(RESIDENT, { id: String(id) })).resident.homeObservation;

async function stored(residentId: number) {
  return platform.test.database.db.select().from(homeObservations).where(eq(homeObservations.residentId, residentId)).orderBy(asc(homeObservations.id));
}

const resident = (spec?: ResidentSpec) => residentKnownToHealth(platform, spec);

describe('startHomeObservation', () => {
  test('starts now for 7 days by default; the resident\'s homeObservation shows it active', async () => {
    const r = await resident();
    const before = Date.now();
    const { startHomeObservation: o } = ok(await start(r.id, { reason: '  Returned from Shanghai Pudong ' }));
    expect(o).toMatchObject({ reason: 'Returned from Shanghai Pudong', endedAt: null, active: true });
    expect(Date.parse(o.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(o.plannedEndAt) - Date.parse(o.startedAt)).toBe(7 * DAY);
    expect(await current(r.id)).toEqual(o);
    // The contract's ResidentProfile selection.
    const profile = await platform.data(`query($id: ID!) { resident(id: $id) { homeObservation { startedAt plannedEndAt endedAt } } }`, { id: String(r.id) });
    expect(profile.resident.homeObservation).toEqual({ startedAt: o.startedAt, plannedEndAt: o.plannedEndAt, endedAt: null });
    expect(await stored(r.id)).toMatchObject([{ source: expect.stringMatching(/^manual:test-admin:/) }]);
  });

  test('a given start and number of days set the planned end; an earlier start is shown, the observation holds from now', async () => {
    const r = await resident();
    const startedAt = new Date(Date.now() - 2 * DAY);
    const before = Date.now();
    const o = ok(await start(r.id, { startedAt, days: 14 })).startHomeObservation;
    expect(o).toMatchObject({ statedFrom: startedAt.toISOString(), plannedEndAt: plus(startedAt, 14 * DAY).toISOString(), active: true });
    expect(Date.parse(o.startedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  test('one ended by its planned end is inactive but still shown as the most recent', async () => {
    const r = await resident();
    const startedAt = new Date(Date.now() - 10 * DAY);
    const o = ok(await start(r.id, { startedAt, days: 7 })).startHomeObservation;
    expect(o.active).toBe(false);
    expect(await current(r.id)).toEqual(o);
    // Ending is for an active observation: this one has ended by itself.
    expectError(await end(r.id), 'CONFLICT');
  });

  test('a second one while one is active is a CONFLICT, as is any overlap with one on record; after it, a new one may start', async () => {
    const r = await resident();
    const first = ok(await start(r.id, { startedAt: new Date(Date.now() - DAY) })).startHomeObservation;
    expectError(await start(r.id), 'CONFLICT');
    // Starting in the past so that it would run into the active one.
    expectError(await start(r.id, { startedAt: new Date(Date.now() - 3 * DAY), days: 3 }), 'CONFLICT');
    expect(await stored(r.id)).toHaveLength(1);
    // Just before it, ending exactly when it starts: no overlap.
    const before = ok(await start(r.id, { startedAt: new Date(Date.parse(first.startedAt) - 2 * DAY), days: 2 })).startHomeObservation;
    expect(before.active).toBe(false);
    ok(await end(r.id));
    const next = ok(await start(r.id)).startHomeObservation;
    expect(next.active).toBe(true);
    expect(await current(r.id)).toEqual(next);
  });

  test('concurrent starts for one resident: exactly one succeeds', async () => {
    const r = await resident();
    const responses = await Promise.all([1, 2, 3, 4].map((n) => start(r.id, { reason: `attempt ${n}` })));
    expect(responses.filter((response) => !response.errors)).toHaveLength(1);
    for (const response of responses.filter((x) => x.errors)) expectError(response, 'CONFLICT');
    expect(await stored(r.id)).toHaveLength(1);
  });

  test('refuses bad days, a future start, a blank reason, unknown and moved-out residents', async () => {
    const r = await resident();
    expectError(await start(r.id, { days: 0 }), 'BAD_USER_INPUT', { field: 'days' });
    expectError(await start(r.id, { days: 91 }), 'BAD_USER_INPUT', { field: 'days' });
    expectError(await start(r.id, { startedAt: new Date(Date.now() + HOUR) }), 'BAD_USER_INPUT', { field: 'startedAt' });
    expectError(await start(r.id, { reason: ' ' }), 'BAD_USER_INPUT', { field: 'reason' });
    expectError(await start(987654321), 'NOT_FOUND');
    const gone = await resident({ movedOutAt: new Date('2024-01-01T00:00:00Z') });
    expectError(await start(gone.id), 'CONFLICT');
    expect(await stored(r.id)).toEqual([]);
    expect(await current(r.id)).toBeNull();
  });
});

describe('endHomeObservation', () => {
  test('ends the active one now; it stays the most recent; with none active it is a CONFLICT', async () => {
    const r = await resident();
    const o = ok(await start(r.id, { startedAt: new Date(Date.now() - DAY) })).startHomeObservation;
    const before = Date.now();
    const ended = ok(await end(r.id)).endHomeObservation;
    expect(ended).toMatchObject({ id: o.id, plannedEndAt: o.plannedEndAt, active: false });
    expect(Date.parse(ended.endedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await current(r.id)).toEqual(ended);
    expectError(await end(r.id), 'CONFLICT');
  });

  test('ends at a given past instant; refuses one before the start or in the future', async () => {
    const r = await resident();
    const startedAt = new Date(Date.now() - 3 * DAY);
    ok(await start(r.id, { startedAt }));
    expectError(await end(r.id, startedAt), 'BAD_USER_INPUT', { field: 'endedAt' });
    expectError(await end(r.id, plus(startedAt, -HOUR)), 'BAD_USER_INPUT', { field: 'endedAt' });
    expectError(await end(r.id, new Date(Date.now() + HOUR)), 'BAD_USER_INPUT', { field: 'endedAt' });
    const endedAt = plus(startedAt, DAY);
    const before = Date.now();
    // The stated end is shown; the observation stops holding now, not back then.
    const ended = ok(await end(r.id, endedAt)).endHomeObservation;
    expect(ended).toMatchObject({ statedFrom: startedAt.toISOString(), statedUntil: endedAt.toISOString(), active: false });
    expect(Date.parse(ended.endedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  test('unknown residents are NOT_FOUND; a resident never observed has nothing to end', async () => {
    expectError(await end(987654321), 'NOT_FOUND');
    const r = await resident();
    expectError(await end(r.id), 'CONFLICT');
    expect(await current(r.id)).toBeNull();
  });
});

describe('Resident.homeObservation', () => {
  test('the active one, else the one that started last', async () => {
    const r = await resident();
    const now = Date.now();
    const old = await health.observation({ residentId: r.id, startedAt: new Date(now - 40 * DAY) });
    const later = await health.observation({ residentId: r.id, startedAt: new Date(now - 20 * DAY), endedAt: new Date(now - 18 * DAY) });
    expect((await current(r.id)).id).toBe(String(later.id));
    const active = await health.observation({ residentId: r.id, startedAt: new Date(now - 2 * DAY) });
    expect(await current(r.id)).toMatchObject({ id: String(active.id), active: true });
    expect(old.id).toBeLessThan(active.id);
  });

  test('a page of residents costs one statement for their observations', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await resident();
      ids.push(r.id);
      await health.observation({ residentId: r.id, startedAt: new Date(Date.now() - i * DAY) });
    }
    const query = `query { ${ids.map((id, i) => `r${i}: resident(id: "${id}") { homeObservation { id active } }`).join(' ')} }`;
    const { result, statements } = await platform.test.countStatements(() => platform.data(query));
    expect(Object.values(result).every((r: any) => r.homeObservation.active)).toBe(true);
    expect(statements.filter((s) => s.includes('home_observations'))).toHaveLength(1);
  });
});

describe('active at T: homeObservationActiveAt (SQL) and isHomeObservationActiveAt agree', () => {
  test('start inclusive; early end and planned end exclusive; whichever comes first', async () => {
    const r = await resident();
    const t0 = new Date('2026-02-01T00:00:00Z');
    const planned = await health.observation({ residentId: r.id, startedAt: t0, days: 7 });
    const endedEarly = await health.observation({
      residentId: r.id,
      startedAt: plus(t0, 10 * DAY),
      days: 7,
      endedAt: plus(t0, 12 * DAY),
    });
    const db = platform.test.database.db;
    const instants = [
      plus(t0, -1),
      t0,
      plus(t0, 7 * DAY - 1),
      plus(t0, 7 * DAY),
      plus(t0, 10 * DAY),
      plus(t0, 12 * DAY - 1),
      plus(t0, 12 * DAY),
      plus(t0, 16 * DAY),
    ];
    const expected = [[], [planned.id], [planned.id], [], [endedEarly.id], [endedEarly.id], [], []];
    for (const [i, at] of instants.entries()) {
      const sqlActive = (
        await db
          .select({ id: homeObservations.id })
          .from(homeObservations)
          .where(and(eq(homeObservations.residentId, r.id), homeObservationActiveAt(at)))
          .orderBy(asc(homeObservations.id))
      ).map((row) => row.id);
      expect(sqlActive, at.toISOString()).toEqual(expected[i]);
      const tsActive = [planned, endedEarly].filter((o) => isHomeObservationActiveAt(o, at)).map((o) => o.id);
      expect(tsActive, at.toISOString()).toEqual(expected[i]);
    }
    // homeObservationStarts: the active observation's start, null when none is active.
    const since = async (at: Date) =>
      parseTimestamp(
        (await queryRows<{ since: string | null }>(db, sql`select (select since from (${homeObservationStarts(at)}) s where s.resident_id = ${r.id}) as since`))[0]!.since,
      );
    expect(await since(plus(t0, DAY))).toEqual(t0);
    expect(await since(plus(t0, 11 * DAY))).toEqual(plus(t0, 10 * DAY));
    expect(await since(plus(t0, 12 * DAY))).toBeNull();
  });
});
