/**
 * The builders write rows and the producers' outbox events by hand (fast, and
 * independent of the mutations under test), so the projections' tests trust
 * that the events are what the producer publishes. Here each such fact is done
 * both ways, through the real mutation and through the builder, for different
 * residents of one database, and the outbox events must agree: same topics,
 * same payload keys, same values but for IDs and instants (compared by kind).
 */
import { asc, gt, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outbox as casesOutbox } from '../../subgraphs/cases/db.js';
import { outbox as healthOutbox } from '../../subgraphs/health/db.js';
import { outbox as populationOutbox } from '../../subgraphs/population/db.js';
import { ok } from '../support/assertions.js';
import { COMMUNITY_B1 } from '../support/builders.js';
import { casesBuilders, type CasesBuilders } from '../support/cases-builders.js';
import { healthBuilders, type HealthBuilders } from '../support/health-builders.js';
import { labRow, SUBMIT } from '../support/lab-builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let cases: CasesBuilders;
let health: HealthBuilders;
beforeAll(async () => {
  // No background consumers: nothing but the step under test touches the outboxes.
  platform = await startTestPlatform({ pollEvents: false });
  cases = casesBuilders(platform.test.database.db);
  health = healthBuilders(platform.test.database.db);
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

type Outbox = typeof populationOutbox | typeof healthOutbox | typeof casesOutbox;

/** The events `step` adds to an outbox, in order, as { topic, payload } with IDs and instants masked. */
async function eventsOf(table: Outbox, step: () => Promise<unknown>) {
  const db = platform.test.database.db;
  const [last] = await db.select({ id: max(table.id) }).from(table);
  await step();
  const rows = await db
    .select({ topic: table.topic, payload: table.payload })
    .from(table)
    .where(gt(table.id, last?.id ?? 0))
    .orderBy(asc(table.id));
  return rows.map((row) => ({ topic: row.topic, payload: masked(row.payload as Record<string, unknown>) }));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** A payload with each ID replaced by '<id>' (a string of digits) and each instant by '<instant>' (ISO 8601, UTC). */
function masked(payload: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => {
      if (/(^id|Id)$/.test(key) && typeof value === 'string' && /^\d+$/.test(value)) return [key, '<id>'];
      if (key === 'idNumber' && typeof value === 'string' && /^\d{17}[\dX]$/.test(value)) return [key, '<idNumber>'];
      if (typeof value === 'string' && INSTANT.test(value)) return [key, '<instant>'];
      return [key, value];
    }),
  );
}

const byTopic = <T extends { topic: string }>(events: T[]) => [...events].sort((a, b) => a.topic.localeCompare(b.topic));

const REGISTER = `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`;
const TAG = `mutation($id: ID!, $code: String!) { tagResident(residentId: $id, tagCode: $code, reason: "Builder check") { id } }`;
const UNTAG = `mutation($id: ID!, $code: String!) { untagResident(residentId: $id, tagCode: $code, reason: "Builder check") { id } }`;
const MOVE_OUT = `mutation($id: ID!, $at: DateTime) { moveOutResident(id: $id, movedOutAt: $at) { id } }`;

const movedInAt = new Date('2024-05-01T00:00:00Z');
const facts = { birthDate: '1972-08-09', gender: 'MALE' as const, residencyType: 'FLOATING' as const, community: COMMUNITY_B1, address: 'Lane 7, Room 301' };

/** Registers a resident through the gateway with `facts`; returns the ID. */
async function register(): Promise<string> {
  const { registerResident } = ok(
    await platform.gql(REGISTER, {
      input: {
        name: 'Builder Check',
        idNumber: platform.seed.identityNumber(facts.birthDate, facts.gender),
        phone: '13900001234',
        residencyType: facts.residencyType,
        communityCode: facts.community,
        address: facts.address,
        movedInAt: movedInAt.toISOString(),
        gender: facts.gender,
        birthDate: facts.birthDate,
      },
    }),
  );
  return registerResident.id;
}

describe('population: seed.resident publishes what the population mutations publish', () => {
  test('registration: resident.registered', async () => {
    const real = await eventsOf(populationOutbox, register);
    const built = await eventsOf(populationOutbox, () => platform.seed.resident({ ...facts, movedInAt }));
    expect(real.map((e) => e.topic)).toEqual(['resident.registered']);
    expect(built).toEqual(real);
  });

  test('tags: resident.tag-added and resident.tag-removed', async () => {
    const real = await eventsOf(populationOutbox, async () => {
      const id = await register();
      ok(await platform.gql(TAG, { id, code: 'BEDRIDDEN' }));
      ok(await platform.gql(UNTAG, { id, code: 'BEDRIDDEN' }));
    });
    const built = await eventsOf(populationOutbox, () =>
      platform.seed.resident({ ...facts, movedInAt, tags: [{ code: 'BEDRIDDEN', at: new Date('2024-06-01T00:00:00Z'), until: new Date('2024-07-01T00:00:00Z') }] }),
    );
    expect(real.map((e) => e.topic)).toEqual(['resident.registered', 'resident.tag-added', 'resident.tag-removed']);
    expect(byTopic(built)).toEqual(byTopic(real));
  });

  test('moving out: resident.moved-out', async () => {
    const movedOutAt = new Date(Date.now() - 3_600_000);
    const real = await eventsOf(populationOutbox, async () => {
      const id = await register();
      ok(await platform.gql(MOVE_OUT, { id, at: movedOutAt.toISOString() }));
    });
    const built = await eventsOf(populationOutbox, () => platform.seed.resident({ ...facts, movedInAt, movedOutAt }));
    expect(real.map((e) => e.topic)).toEqual(['resident.registered', 'resident.moved-out']);
    expect(byTopic(built)).toEqual(byTopic(real));
  });
});

describe('health: cases.positiveResults publishes what submitNucleicAcidResults publishes', () => {
  test('an individual POSITIVE of a known resident: sample.individual-positive', async () => {
    const person = await platform.seed.resident({ community: COMMUNITY_B1 });
    await platform.drainEvents(); // health must know the resident to match the row
    const row = labRow(person.idNumber, { result: 'POSITIVE' });
    const real = await eventsOf(healthOutbox, async () => ok(await platform.gql(SUBMIT, { idempotencyKey: `builders-${row.barcode}`, rows: [row] })));
    // The payload as the cases tests hand it to the builder.
    const built = await eventsOf(healthOutbox, () =>
      cases.positiveResults([{ barcode: 'QP-BUILT-0001', residentId: String(person.id), sampledAt: row.sampledAt, resultAt: row.resultAt! }]),
    );
    expect(real.map((e) => e.topic)).toEqual(['sample.individual-positive']);
    expect(built.map((e) => ({ ...e, payload: { ...e.payload, barcode: typeof e.payload.barcode } }))).toEqual(
      real.map((e) => ({ ...e, payload: { ...e.payload, barcode: typeof e.payload.barcode } })),
    );
  });
});

describe('cases: health.casesEvents publishes what the case mutations publish', () => {
  test('report, transfer, discharge: case.activated, case.closed, case.discharged', async () => {
    const person = await platform.seed.resident({ community: COMMUNITY_B1 });
    await platform.drainEvents(); // cases must know the resident to report a case
    const facility = await cases.facility({ communityCode: COMMUNITY_B1 });
    const real = await eventsOf(casesOutbox, async () => {
      const { reportCase } = ok(await platform.gql(`mutation($input: ReportCaseInput!) { reportCase(input: $input) { id } }`, { input: { residentId: String(person.id), classification: 'MILD' } }));
      ok(await platform.gql(`mutation($id: ID!, $f: ID!) { transferCase(id: $id, facilityId: $f) { id } }`, { id: reportCase.id, f: String(facility.id) }));
      ok(await platform.gql(`mutation($id: ID!) { dischargeCase(id: $id) { id } }`, { id: reportCase.id }));
    });
    // The events as the health tests hand them to the builder.
    const [caseId, residentId, at] = ['9001', String(person.id), new Date().toISOString()];
    const built = await eventsOf(casesOutbox, () =>
      health.casesEvents([
        { topic: 'case.activated', payload: { caseId, residentId, at } },
        { topic: 'case.closed', payload: { caseId, residentId, at, status: 'DISCHARGED' } },
        { topic: 'case.discharged', payload: { caseId, residentId, at, observationDays: 7 } },
      ]),
    );
    expect(byTopic(real).map((e) => e.topic)).toEqual(['case.activated', 'case.closed', 'case.discharged']);
    expect(byTopic(built)).toEqual(byTopic(real));
  });
});
