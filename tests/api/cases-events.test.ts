/**
 * Health's consumer of the cases subgraph's events ('health<-cases'): case
 * facts, quarantines and the home observation a discharge starts, each applied
 * once even when an event is published twice; and the SQL helpers that read
 * them at an instant (activeCaseAt, inQuarantineAt and their "since" scalars).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { caseFacts, eventCursors, homeObservations, quarantines } from '../../subgraphs/health/db.js';
import { activeCaseAt, activeCaseStarts, inQuarantineAt, quarantineStarts } from '../../subgraphs/health/health-code/case-conditions.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { parseTimestamp } from '../../subgraphs/shared/db/timestamps.js';
import type { CasesEvent } from '../../subgraphs/shared/events/contracts.js';
import { DAY, healthBuilders, HOUR, plus, residentKnownToHealth, type HealthBuilders } from '../support/health-builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let health: HealthBuilders;
beforeAll(async () => {
  // Consumers poll in the background, as in production; drainEvents() applies pending events at once.
  platform = await startTestPlatform();
  health = healthBuilders(platform.test.database.db);
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const OBSERVATION = `query($id: ID!) { resident(id: $id) { homeObservation { reason startedAt plannedEndAt endedAt active } } }`;

let caseSequence = 1000;
const nextId = () => String(++caseSequence);

const resident = () => residentKnownToHealth(platform);

/** Publishes events into cases.outbox and applies them. */
async function deliver(...events: CasesEvent[]) {
  await health.casesEvents(events);
  await platform.drainEvents();
}

const db = () => platform.test.database.db;
const caseRows = (residentId: number) => db().select().from(caseFacts).where(eq(caseFacts.residentId, residentId)).orderBy(asc(caseFacts.caseId));
const quarantineRows = (residentId: number) => db().select().from(quarantines).where(eq(quarantines.residentId, residentId)).orderBy(asc(quarantines.contactId));
const observationRows = (residentId: number) =>
  db().select().from(homeObservations).where(eq(homeObservations.residentId, residentId)).orderBy(asc(homeObservations.id));

describe('cases: activated and closed', () => {
  test('case.activated stores the case as active from `at`; case.closed ends it; repeats change nothing', async () => {
    const r = await resident();
    const caseId = nextId();
    const reportedAt = new Date('2026-04-01T08:00:00Z');
    const closedAt = new Date('2026-04-15T08:00:00Z');
    const activated: CasesEvent = { topic: 'case.activated', payload: { caseId, residentId: String(r.id), at: reportedAt.toISOString() } };
    await deliver(activated);
    expect(await caseRows(r.id)).toEqual([{ caseId: Number(caseId), residentId: r.id, activeFrom: reportedAt, activeUntil: null }]);

    const closed: CasesEvent = { topic: 'case.closed', payload: { caseId, residentId: String(r.id), at: closedAt.toISOString(), status: 'DECEASED' } };
    await deliver(closed);
    const after = await caseRows(r.id);
    expect(after).toEqual([{ caseId: Number(caseId), residentId: r.id, activeFrom: reportedAt, activeUntil: closedAt }]);

    // The same facts published again, and a late duplicate with another instant: nothing moves.
    await deliver(activated, closed, { ...closed, payload: { ...closed.payload, at: plus(closedAt, DAY).toISOString() } } as CasesEvent);
    expect(await caseRows(r.id)).toEqual(after);
    // A death starts no observation.
    expect(await observationRows(r.id)).toEqual([]);
  });

  test('activeCaseAt and activeCaseStarts: from active_from inclusive to active_until exclusive', async () => {
    const r = await resident();
    const first = nextId();
    const second = nextId();
    const from = new Date('2026-05-01T00:00:00Z');
    const until = new Date('2026-05-10T00:00:00Z');
    await deliver(
      { topic: 'case.activated', payload: { caseId: first, residentId: String(r.id), at: from.toISOString() } },
      { topic: 'case.closed', payload: { caseId: first, residentId: String(r.id), at: until.toISOString(), status: 'DISCHARGED' } },
      { topic: 'case.activated', payload: { caseId: second, residentId: String(r.id), at: '2026-07-01T00:00:00Z' } },
    );
    const activeAt = async (at: Date) =>
      (
        await db()
          .select({ caseId: caseFacts.caseId })
          .from(caseFacts)
          .where(and(eq(caseFacts.residentId, r.id), activeCaseAt(at)))
      ).map((row) => String(row.caseId));
    expect(await activeAt(plus(from, -1))).toEqual([]);
    expect(await activeAt(from)).toEqual([first]);
    expect(await activeAt(plus(until, -1))).toEqual([first]);
    expect(await activeAt(until)).toEqual([]);
    expect(await activeAt(new Date('2030-01-01T00:00:00Z'))).toEqual([second]);

    const since = async (at: Date) =>
      parseTimestamp((await queryRows<{ since: string | null }>(db(), sql`select (select since from (${activeCaseStarts(at)}) s where s.resident_id = ${r.id}) as since`))[0]!.since);
    expect(await since(plus(from, DAY))).toEqual(from);
    expect(await since(until)).toBeNull();
    expect(await since(new Date('2026-08-01T00:00:00Z'))).toEqual(new Date('2026-07-01T00:00:00Z'));
  });
});

describe('case.discharged', () => {
  test('starts home observation for observationDays from the discharge; the resident shows it; a repeat starts nothing new', async () => {
    const r = await resident();
    const caseId = nextId();
    const dischargedAt = new Date(Date.now() - 2 * DAY);
    const discharged: CasesEvent = {
      topic: 'case.discharged',
      payload: { caseId, residentId: String(r.id), at: dischargedAt.toISOString(), observationDays: 7 },
    };
    await deliver(discharged);
    const expected = {
      reason: `Discharged from case ${caseId}`,
      startedAt: dischargedAt.toISOString(),
      plannedEndAt: plus(dischargedAt, 7 * DAY).toISOString(),
      endedAt: null,
      active: true,
    };
    expect((await platform.data(OBSERVATION, { id: String(r.id) })).resident.homeObservation).toEqual(expected);
    const rows = await observationRows(r.id);
    expect(rows).toMatchObject([{ source: `discharge:${caseId}`, startedAt: dischargedAt }]);

    await deliver(discharged, { ...discharged, payload: { ...discharged.payload, at: new Date().toISOString() } } as CasesEvent);
    expect(await observationRows(r.id)).toEqual(rows);
    expect((await platform.data(OBSERVATION, { id: String(r.id) })).resident.homeObservation).toEqual(expected);
  });

  test('observationDays sets the planned end; an unusable number falls back to 7 days', async () => {
    const r1 = await resident();
    const r2 = await resident();
    const at = new Date('2026-03-01T04:00:00Z');
    await deliver(
      { topic: 'case.discharged', payload: { caseId: nextId(), residentId: String(r1.id), at: at.toISOString(), observationDays: 14 } },
      { topic: 'case.discharged', payload: { caseId: nextId(), residentId: String(r2.id), at: at.toISOString(), observationDays: 0 } },
    );
    expect((await observationRows(r1.id))[0]!.plannedEndAt).toEqual(plus(at, 14 * DAY));
    expect((await observationRows(r2.id))[0]!.plannedEndAt).toEqual(plus(at, 7 * DAY));
  });

  test('an observation started by hand and still active at the discharge is ended then, so one is active', async () => {
    const r = await resident();
    const manual = await health.observation({ residentId: r.id, startedAt: new Date(Date.now() - 3 * DAY), days: 14 });
    const dischargedAt = new Date(Date.now() - DAY);
    const caseId = nextId();
    await deliver({ topic: 'case.discharged', payload: { caseId, residentId: String(r.id), at: dischargedAt.toISOString(), observationDays: 7 } });
    const rows = await observationRows(r.id);
    expect(rows).toMatchObject([
      { id: manual.id, endedAt: dischargedAt },
      { source: `discharge:${caseId}`, endedAt: null },
    ]);
    expect((await platform.data(OBSERVATION, { id: String(r.id) })).resident.homeObservation.reason).toBe(`Discharged from case ${caseId}`);
  });
});

describe('close contacts', () => {
  test('contact.quarantined stores the quarantine; contact.released ends it early; repeats change nothing', async () => {
    const r = await resident();
    const contactId = nextId();
    const from = new Date('2026-06-01T00:00:00Z');
    const until = new Date('2026-06-08T00:00:00Z');
    const releasedAt = new Date('2026-06-05T00:00:00Z');
    const quarantined: CasesEvent = {
      topic: 'contact.quarantined',
      payload: { contactId, residentId: String(r.id), from: from.toISOString(), until: until.toISOString() },
    };
    await deliver(quarantined);
    expect(await quarantineRows(r.id)).toEqual([{ contactId: Number(contactId), residentId: r.id, startsAt: from, endsAt: until, releasedAt: null }]);

    const released: CasesEvent = { topic: 'contact.released', payload: { contactId, residentId: String(r.id), at: releasedAt.toISOString() } };
    await deliver(released);
    const after = await quarantineRows(r.id);
    expect(after[0]!.releasedAt).toEqual(releasedAt);

    await deliver(quarantined, released, { ...released, payload: { ...released.payload, at: plus(releasedAt, DAY).toISOString() } } as CasesEvent);
    expect(await quarantineRows(r.id)).toEqual(after);
  });

  test('inQuarantineAt and quarantineStarts: starts inclusive, planned end and release exclusive', async () => {
    const r = await resident();
    const full = nextId();
    const early = nextId();
    const t0 = new Date('2026-09-01T00:00:00Z');
    await deliver(
      { topic: 'contact.quarantined', payload: { contactId: full, residentId: String(r.id), from: t0.toISOString(), until: plus(t0, 7 * DAY).toISOString() } },
      {
        topic: 'contact.quarantined',
        payload: { contactId: early, residentId: String(r.id), from: plus(t0, 10 * DAY).toISOString(), until: plus(t0, 17 * DAY).toISOString() },
      },
      { topic: 'contact.released', payload: { contactId: early, residentId: String(r.id), at: plus(t0, 12 * DAY).toISOString() } },
    );
    const inAt = async (at: Date) =>
      (
        await db()
          .select({ contactId: quarantines.contactId })
          .from(quarantines)
          .where(and(eq(quarantines.residentId, r.id), inQuarantineAt(at)))
      ).map((row) => String(row.contactId));
    expect(await inAt(plus(t0, -1))).toEqual([]);
    expect(await inAt(t0)).toEqual([full]);
    expect(await inAt(plus(t0, 7 * DAY - 1))).toEqual([full]);
    expect(await inAt(plus(t0, 7 * DAY))).toEqual([]);
    expect(await inAt(plus(t0, 12 * DAY - 1))).toEqual([early]);
    expect(await inAt(plus(t0, 12 * DAY))).toEqual([]);
    expect(await inAt(plus(t0, 14 * DAY))).toEqual([]);

    const since = async (at: Date) =>
      parseTimestamp((await queryRows<{ since: string | null }>(db(), sql`select (select since from (${quarantineStarts(at)}) s where s.resident_id = ${r.id}) as since`))[0]!.since);
    expect(await since(plus(t0, HOUR))).toEqual(t0);
    expect(await since(plus(t0, 11 * DAY))).toEqual(plus(t0, 10 * DAY));
    expect(await since(plus(t0, 13 * DAY))).toBeNull();
  });
});

describe('the consumer', () => {
  test('ignores topics it does not need and keeps its own cursor, health<-cases', async () => {
    const r = await resident();
    await health.casesEvents([{ topic: 'case.transferred', payload: { caseId: '1', residentId: String(r.id) } } as unknown as CasesEvent]);
    await platform.drainEvents();
    const [cursor] = await db().select().from(eventCursors).where(eq(eventCursors.consumer, 'health<-cases'));
    const [last] = await queryRows<{ id: string | number }>(db(), sql`select max(id) as id from cases.outbox`);
    expect(cursor?.lastId).toBe(Number(last!.id));
    expect(await caseRows(r.id)).toEqual([]);
  });

  test('events are applied in the background within a second, without draining', async () => {
    const r = await resident();
    const caseId = nextId();
    await health.casesEvents({
      topic: 'case.discharged',
      payload: { caseId, residentId: String(r.id), at: new Date(Date.now() - HOUR).toISOString(), observationDays: 7 },
    });
    const started = Date.now();
    let observation = null;
    while (!observation && Date.now() - started < 3000) {
      observation = (await platform.data(OBSERVATION, { id: String(r.id) })).resident.homeObservation;
      if (!observation) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(observation).toMatchObject({ reason: `Discharged from case ${caseId}`, active: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
