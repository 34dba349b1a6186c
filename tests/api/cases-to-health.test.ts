/**
 * Events both ways between cases and health: an individual positive result
 * opens a case exactly once (also when the event is delivered twice); the case
 * turns the code RED; discharge starts home observation and a YELLOW code
 * within a second; and with health's consumers down, nothing is lost: health
 * catches up when it starts again.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAllSubgraphs, startGateway } from '../../gateway/platform.js';
import { eventCursors } from '../../subgraphs/cases/db.js';
import { caseFacts, homeObservations } from '../../subgraphs/health/db.js';
import { publish } from '../../subgraphs/population/events.js';
import { COMMUNITY_A2, COMMUNITY_B1 } from '../support/builders.js';
import { casesBuilders, type CasesBuilders } from '../support/cases-builders.js';
import { HOUR, MINUTE } from '../support/health-builders.js';
import { DischargeCaseDocument } from '../generated/graphql.js';
import { labRow, SUBMIT } from '../support/lab-builders.js';
import { startTestPlatform, TEST_ADMIN, TEST_CONFIG, tokenFor, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let cases: CasesBuilders;
beforeAll(async () => {
  platform = await startTestPlatform(); // consumers poll in the background, as in production
  cases = casesBuilders(platform.test.database.db);
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const PROFILE = `query($id: ID!) {
  resident(id: $id) {
    healthCode { color reasons { code } }
    homeObservation { startedAt plannedEndAt }
    positiveCase { id status classification reportedAt communityCode timeline { type actor note } }
  }
}`;

/** Polls `read` until `done` holds or the deadline passes; returns the last value and how long it took. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 3000): Promise<{ value: T; millis: number }> {
  const started = Date.now();
  let value = await read();
  while (!done(value) && Date.now() - started < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return { value, millis: Date.now() - started };
}

const reasons = (resident: { healthCode: { reasons: { code: string }[] } }) => resident.healthCode.reasons.map((r) => r.code);

describe('a positive result opens a case', () => {
  test('once: through lab ingest, and again when the same event is delivered twice', async () => {
    const r = await platform.seed.resident({ community: COMMUNITY_A2 });
    await platform.drainEvents();
    const row = labRow(r.idNumber, { result: 'POSITIVE', resultAt: new Date(Date.now() - 30 * MINUTE).toISOString() });
    const submitted = await platform.data(SUBMIT, { idempotencyKey: `cases-${row.barcode}`, rows: [row] });
    expect(submitted.submitNucleicAcidResults.accepted).toBe(1);
    await platform.drainEvents();

    const { resident } = await platform.data(PROFILE, { id: String(r.id) });
    expect(resident.positiveCase).toMatchObject({
      status: 'REPORTED',
      classification: 'ASYMPTOMATIC',
      reportedAt: row.resultAt,
      communityCode: COMMUNITY_A2,
      timeline: [{ type: 'REPORTED', actor: 'health:sample.individual-positive' }],
    });
    expect(resident.healthCode.color).toBe('RED');
    expect(reasons(resident)).toContain('ACTIVE_CASE');

    // The same fact published again (twice), and a replay of the whole outbox by a fresh cursor: still one case.
    const payload = { barcode: row.barcode, residentId: String(r.id), sampledAt: row.sampledAt, resultAt: row.resultAt! };
    await cases.positiveResults([payload, payload]);
    await platform.drainEvents();
    const db = platform.test.database.db;
    await db.update(eventCursors).set({ lastId: 0 }).where(eq(eventCursors.consumer, 'cases<-health'));
    await platform.drainEvents();
    const rows = await cases.casesOf(r.id);
    expect(rows.map((c) => c.sourceBarcode)).toEqual([row.barcode]);
    expect((await cases.timelineOf(rows[0]!.id)).map((e) => e.type)).toEqual(['REPORTED']);
    expect((await cases.casesOutbox()).filter((e) => e.topic === 'case.activated' && (e.payload as { residentId: string }).residentId === String(r.id))).toHaveLength(1);
  });

  test('another positive sample of a resident with an active case is a NOTE on that case, once', async () => {
    const r = await platform.seed.resident();
    await platform.drainEvents();
    const at = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
    const first = { barcode: `CP-${r.id}-1`, residentId: String(r.id), sampledAt: at(20), resultAt: at(10) };
    const second = { barcode: `CP-${r.id}-2`, residentId: String(r.id), sampledAt: at(5), resultAt: at(2) };
    await cases.positiveResults([first, second, second]);
    await platform.drainEvents();
    const rows = await cases.casesOf(r.id);
    expect(rows.map((c) => [c.sourceBarcode, c.reportedAt.toISOString()])).toEqual([[first.barcode, first.resultAt]]);
    const timeline = await cases.timelineOf(rows[0]!.id);
    expect(timeline.map((e) => [e.type, e.status])).toEqual([
      ['REPORTED', 'REPORTED'],
      ['NOTE', 'REPORTED'],
    ]);
    expect(timeline[1]!.note).toContain(second.barcode);
  });
});

describe('discharge → home observation', () => {
  test('within a second the resident shows the observation and YELLOW with HOME_OBSERVATION (background polling)', async () => {
    const r = await platform.seed.resident({ community: COMMUNITY_B1 });
    await platform.drainEvents();
    const facility = await cases.facility({ type: 'HOME_ISOLATION', communityCode: COMMUNITY_B1 });
    const { reportCase } = await platform.data(`mutation($input: ReportCaseInput!) { reportCase(input: $input) { id } }`, {
      input: { residentId: String(r.id), classification: 'MILD', reportedAt: new Date(Date.now() - 10 * 24 * HOUR).toISOString() },
    });
    await platform.data(`mutation($id: ID!, $f: ID!) { transferCase(id: $id, facilityId: $f) { id } }`, { id: reportCase.id, f: String(facility.id) });
    await platform.drainEvents();

    const { dischargeCase } = await platform.data(DischargeCaseDocument, { id: reportCase.id });
    const { value, millis } = await eventually(
      async () => (await platform.data(PROFILE, { id: String(r.id) })).resident,
      (resident) => resident.homeObservation !== null && resident.healthCode.color === 'YELLOW',
    );
    expect(value.homeObservation).toEqual({
      startedAt: dischargeCase.dischargedAt,
      plannedEndAt: new Date(new Date(dischargeCase.dischargedAt!).getTime() + 7 * 24 * HOUR).toISOString(),
    });
    expect(value.healthCode.color).toBe('YELLOW');
    expect(reasons(value)).toContain('HOME_OBSERVATION');
    expect(millis).toBeLessThan(1000);
  });
});

describe('health stopped, events published, health restarted', () => {
  test('health catches up on everything published while it was down', async () => {
    // Consumers not running: the health side is "down".
    const down = await startTestPlatform({ pollEvents: false });
    try {
      const db = down.test.database.db;
      const builders = casesBuilders(db);
      await down.seed.regionTree();
      const r = await down.seed.resident();
      const contact = await down.seed.resident();
      // Only the cases side applies what it needs from population (its own consumers, drained by hand).
      const casesSubgraph = (await buildAllSubgraphs({ database: down.test.database, config: TEST_CONFIG })).find((subgraph) => subgraph.name === 'cases')!;
      for (const consumer of casesSubgraph.consumers) await consumer.drain();

      const facility = await builders.facility({ type: 'MAKESHIFT_HOSPITAL' });
      const { reportCase } = await down.data(`mutation($input: ReportCaseInput!) { reportCase(input: $input) { id } }`, {
        input: { residentId: String(r.id), classification: 'MILD', reportedAt: new Date(Date.now() - 5 * 24 * HOUR).toISOString() },
      });
      await down.data(`mutation($input: AddCloseContactInput!) { addCloseContact(input: $input) { id } }`, {
        input: { caseId: reportCase.id, residentId: String(contact.id), exposureDate: new Date().toISOString().slice(0, 10) },
      });
      await down.data(`mutation($id: ID!, $f: ID!) { transferCase(id: $id, facilityId: $f) { id } }`, { id: reportCase.id, f: String(facility.id) });
      const { dischargeCase } = await down.data(`mutation($id: ID!) { dischargeCase(id: $id) { dischargedAt } }`, { id: reportCase.id });

      // Published, not applied.
      expect((await builders.casesOutbox()).map((e) => e.topic)).toEqual(['case.activated', 'contact.quarantined', 'case.closed', 'case.discharged']);
      expect(await db.select().from(caseFacts).where(eq(caseFacts.residentId, r.id))).toEqual([]);
      expect(await db.select().from(homeObservations).where(eq(homeObservations.residentId, r.id))).toEqual([]);

      // Health starts again (a new gateway and subgraphs over the same database, consumers polling): it catches up.
      const restarted = await startGateway({ port: 0, local: await buildAllSubgraphs({ database: down.test.database, config: TEST_CONFIG }), auth: TEST_CONFIG.auth });
      try {
        const read = async (id: number) => {
          const response = await fetch(restarted.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
            body: JSON.stringify({ query: PROFILE, variables: { id: String(id) } }),
          });
          return ((await response.json()) as { data: { resident: { healthCode: { color: string; reasons: { code: string }[] }; homeObservation: { startedAt: string } | null } } }).data.resident;
        };
        const { value: patient } = await eventually(() => read(r.id), (resident) => resident.homeObservation !== null);
        expect(patient.homeObservation?.startedAt).toBe(dischargeCase.dischargedAt);
        expect(reasons(patient)).toContain('HOME_OBSERVATION');
        expect(reasons(patient)).not.toContain('ACTIVE_CASE');
        const { value: contacted } = await eventually(() => read(contact.id), (resident) => reasons(resident).includes('CLOSE_CONTACT'));
        expect(contacted.healthCode.color).toBe('RED');
        const [fact] = await db.select().from(caseFacts).where(and(eq(caseFacts.residentId, r.id), eq(caseFacts.caseId, Number(reportCase.id))));
        expect(fact?.activeUntil?.toISOString()).toBe(dischargeCase.dischargedAt);
      } finally {
        await restarted.stop();
      }
    } finally {
      await down.stop();
    }
  });
});

describe('a positive result of a resident cases has not heard of yet', () => {
  test('waits (the batch is retried, not skipped) until the registration arrives, then opens the case in that community', async () => {
    const quiet = await startTestPlatform({ pollEvents: false });
    try {
      const db = quiet.test.database.db;
      const builders = casesBuilders(db);
      const residentId = 987_001;
      await builders.positiveResults([{ barcode: 'LATE-0001', residentId: String(residentId), sampledAt: new Date(Date.now() - 5 * HOUR).toISOString(), resultAt: new Date(Date.now() - HOUR).toISOString() }]);
      const warn = console.warn;
      console.warn = () => {};
      try {
        await expect(quiet.drainEvents()).rejects.toThrow(/has not heard of yet/);
      } finally {
        console.warn = warn;
      }
      expect(await builders.casesOf(residentId)).toEqual([]);

      await publish(db, {
        topic: 'resident.registered',
        payload: { residentId: String(residentId), idNumber: '310118199001011234', birthDate: '1990-01-01', communityCode: COMMUNITY_B1, householdId: '1', address: 'Lane 1', residencyType: 'REGISTERED', from: new Date().toISOString() },
      });
      await quiet.drainEvents();
      expect((await builders.casesOf(residentId)).map((c) => [c.sourceBarcode, c.communityCode])).toEqual([['LATE-0001', COMMUNITY_B1]]);
    } finally {
      await quiet.stop();
    }
  });
});
