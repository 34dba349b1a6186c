/**
 * Vaccination through the gateway: Resident.vaccination (now and at a past
 * instant, a page of residents in one query) and recordVaccination with every
 * refusal, retries, races, and that a refused recording writes nothing.
 */
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { doses } from '../../subgraphs/health/db.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, TOWN_B, type ResidentSpec } from '../support/builders.js';
import { expectError } from '../support/assertions.js';
import { residentKnownToHealth } from '../support/health-builders.js';
import { asViewer, type RequestAs, type TestPlatform } from '../support/platform.js';
import { startVaccinationPlatform, type VaccinationBuilders } from '../support/vaccination-builders.js';

let platform: TestPlatform;
let vaccines: VaccinationBuilders;
beforeAll(async () => {
  // No background polling (startVaccinationPlatform): the statement count below must see only the request's own statements.
  ({ platform, vaccines } = await startVaccinationPlatform());
});
afterAll(() => platform?.stop());

const DAY = 24 * 3600 * 1000;
const STATUS = 'doses fullyVaccinated boosted lastDoseAt primarySeriesDoses history { doseNumber product administeredAt site batch recordedBy }';
const VACCINATION = `query($id: ID!, $asOf: DateTime) { resident(id: $id) { id vaccination(asOf: $asOf) { ${STATUS} } } }`;
const RECORD = `mutation($input: RecordVaccinationInput!) { recordVaccination(input: $input) { ${STATUS} } }`;

/** A resident known to both population and health: their id. */
const resident = async (spec?: ResidentSpec): Promise<number> => (await residentKnownToHealth(platform, spec)).id;

async function vaccinationOf(id: number, asOf?: Date) {
  const data = await platform.data(VACCINATION, { id: String(id), asOf: asOf?.toISOString() });
  return data.resident.vaccination;
}

function record(input: Record<string, unknown>, headers?: RequestAs) {
  return platform.gql(RECORD, { input }, headers);
}

function doseInput(residentId: number, overrides: Record<string, unknown> = {}) {
  return {
    residentId: String(residentId),
    product: 'SINOVAC_CORONAVAC',
    doseNumber: 1,
    administeredAt: '2021-05-10T02:30:00.000Z',
    site: 'Xiayang Community Health Centre',
    batch: 'S202104-17',
    ...overrides,
  };
}

async function doseRows(residentId: number) {
  return platform.test.database.db.select().from(doses).where(eq(doses.residentId, residentId)).orderBy(asc(doses.doseNumber));
}

async function allDoseCount(): Promise<number> {
  const [row] = await platform.test.database.db.select({ n: count() }).from(doses);
  return row!.n;
}

/** Runs a recording that must fail with `code` (naming `field`) and checks no dose at all was written or changed. */
async function expectRefused(input: Record<string, unknown>, code: string, field?: string, message?: RegExp) {
  const before = await platform.test.database.db.select().from(doses).orderBy(asc(doses.id));
  const response = await record(input);
  expectError(response, code, { field, message });
  expect(response.data?.recordVaccination ?? null).toBeNull();
  expect(await platform.test.database.db.select().from(doses).orderBy(asc(doses.id))).toEqual(before);
}

describe('Resident.vaccination', () => {
  test('an unvaccinated resident: no doses, nothing complete, no series', async () => {
    const id = await resident();
    expect(await vaccinationOf(id)).toEqual({ doses: 0, fullyVaccinated: false, boosted: false, lastDoseAt: null, primarySeriesDoses: null, history: [] });
  });

  test('counts doses against dose 1\'s product and lists them in order, heterologous booster included', async () => {
    const id = await resident();
    const times = await vaccines.vaccinate(id, ['SINOPHARM_BIBP', 'SINOPHARM_BIBP', 'ZF2001'], new Date('2021-04-01T01:00:00Z'), 30);
    const status = await vaccinationOf(id);
    expect(status).toMatchObject({ doses: 3, fullyVaccinated: true, boosted: true, primarySeriesDoses: 2, lastDoseAt: times[2]!.toISOString() });
    expect(status.history.map((d: { doseNumber: number; product: string }) => [d.doseNumber, d.product])).toEqual([
      [1, 'SINOPHARM_BIBP'],
      [2, 'SINOPHARM_BIBP'],
      [3, 'ZF2001'],
    ]);
    expect(status.history[0]).toMatchObject({ site: 'Xiayang Community Health Centre', batch: `BATCH-${id}-1`, recordedBy: 'test-builder' });
  });

  test('one CanSino dose completes the series; ZF2001 needs three', async () => {
    const cansino = await resident();
    await vaccines.vaccinate(cansino, ['CANSINO_AD5']);
    expect(await vaccinationOf(cansino)).toMatchObject({ doses: 1, fullyVaccinated: true, boosted: false, primarySeriesDoses: 1 });
    const zf = await resident();
    await vaccines.vaccinate(zf, ['ZF2001', 'ZF2001']);
    expect(await vaccinationOf(zf)).toMatchObject({ doses: 2, fullyVaccinated: false, boosted: false, primarySeriesDoses: 3 });
  });

  test('asOf counts only the doses given by then; asOf in the future is refused', async () => {
    const id = await resident();
    const [first, second] = await vaccines.vaccinate(id, ['SINOVAC_CORONAVAC', 'SINOVAC_CORONAVAC']);
    expect(await vaccinationOf(id, new Date(first!.getTime() - 1))).toMatchObject({ doses: 0, lastDoseAt: null, history: [] });
    expect(await vaccinationOf(id, first)).toMatchObject({ doses: 1, fullyVaccinated: false, lastDoseAt: first!.toISOString() });
    expect(await vaccinationOf(id, new Date(second!.getTime() - 1))).toMatchObject({ doses: 1, fullyVaccinated: false });
    expect(await vaccinationOf(id, second)).toMatchObject({ doses: 2, fullyVaccinated: true, boosted: false });
    const future = await platform.gql(VACCINATION, { id: String(id), asOf: new Date(Date.now() + DAY).toISOString() });
    expectError(future, 'BAD_USER_INPUT', { field: 'asOf' });
  });

  test('a page of residents gets its vaccinations with one query on doses, whatever the page size', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await resident({ community: COMMUNITY_B2 }));
    // Resident i gets i % 4 SINOPHARM_BIBP doses: 0, 1, 2 (complete), 3 (boosted).
    for (const [i, id] of ids.entries()) await vaccines.vaccinate(id, Array(i % 4).fill('SINOPHARM_BIBP'));
    const PAGE = `query($first: Int) { residents(filter: { regionCode: "${COMMUNITY_B2}" }, first: $first) {
      edges { node { id vaccination { doses fullyVaccinated boosted lastDoseAt } } } } }`;
    const page = async (first: number) => {
      const { result, statements } = await platform.test.countStatements(() => platform.data(PAGE, { first }));
      return { nodes: result.residents.edges.map((e: { node: unknown }) => e.node), doseQueries: statements.filter((s) => /"doses"/.test(s)) };
    };
    const all = await page(24);
    expect(all.nodes).toHaveLength(24);
    expect(all.doseQueries).toHaveLength(1);
    expect((await page(3)).doseQueries).toHaveLength(1);
    const byId = new Map(all.nodes.map((n: { id: string; vaccination: unknown }) => [n.id, n.vaccination]));
    for (const [i, id] of ids.entries()) {
      const count = i % 4;
      expect(byId.get(String(id)), `resident ${i}`).toMatchObject({ doses: count, fullyVaccinated: count >= 2, boosted: count >= 3 });
    }
  });
});

describe('recordVaccination', () => {
  test('records doses 1, 2 and a heterologous booster, as the viewer, and returns the status after each', async () => {
    const id = await resident();
    const asNurse = asViewer({ id: 'nurse-17', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A1 });
    const first = await record(doseInput(id, { site: '  Xiayang Community Health Centre ', batch: ' S202104-17 ' }), asNurse);
    expect(first.errors).toBeUndefined();
    expect(first.data.recordVaccination).toMatchObject({ doses: 1, fullyVaccinated: false, boosted: false, primarySeriesDoses: 2, lastDoseAt: '2021-05-10T02:30:00.000Z' });
    const second = await platform.data(RECORD, { input: doseInput(id, { doseNumber: 2, administeredAt: '2021-06-07T03:00:00.000Z', batch: 'S202105-02' }) });
    expect(second.recordVaccination).toMatchObject({ doses: 2, fullyVaccinated: true, boosted: false });
    const third = await platform.data(RECORD, { input: doseInput(id, { doseNumber: 3, product: 'ZF2001', administeredAt: '2022-01-15T06:00:00.000Z', batch: 'Z2021-88' }) });
    expect(third.recordVaccination).toMatchObject({ doses: 3, fullyVaccinated: true, boosted: true, primarySeriesDoses: 2, lastDoseAt: '2022-01-15T06:00:00.000Z' });
    expect(third.recordVaccination.history.map((d: { product: string }) => d.product)).toEqual(['SINOVAC_CORONAVAC', 'SINOVAC_CORONAVAC', 'ZF2001']);

    const rows = await doseRows(id);
    expect(rows.map((r) => [r.doseNumber, r.product, r.site, r.batch, r.recordedBy])).toEqual([
      [1, 'SINOVAC_CORONAVAC', 'Xiayang Community Health Centre', 'S202104-17', 'nurse-17'],
      [2, 'SINOVAC_CORONAVAC', 'Xiayang Community Health Centre', 'S202105-02', 'test-admin'],
      [3, 'ZF2001', 'Xiayang Community Health Centre', 'Z2021-88', 'test-admin'],
    ]);
    // And the resident reads the same.
    expect(await vaccinationOf(id)).toEqual(third.recordVaccination);
  });

  test('an unknown resident is NOT_FOUND; a malformed ID names the field', async () => {
    await expectRefused(doseInput(987654321), 'NOT_FOUND', undefined, /987654321/);
    await expectRefused(doseInput(1, { residentId: 'abc' }), 'BAD_USER_INPUT', 'input.residentId');
  });

  test('a resident outside the viewer\'s scope is NOT_FOUND', async () => {
    const id = await resident({ community: COMMUNITY_B1 });
    const townA = asViewer({ id: 'officer-a', role: 'TOWN_OFFICER', regionCode: '310118101' });
    expectError(await record(doseInput(id), townA), 'NOT_FOUND');
    expect(await doseRows(id)).toEqual([]);
    const townB = asViewer({ id: 'officer-b', role: 'TOWN_OFFICER', regionCode: TOWN_B });
    expect((await record(doseInput(id), townB)).errors).toBeUndefined();
    expect((await doseRows(id))[0]!.recordedBy).toBe('officer-b');
  });

  test('a dose number other than the next one is out of order and says which dose is expected', async () => {
    const id = await resident();
    await expectRefused(doseInput(id, { doseNumber: 2 }), 'BAD_USER_INPUT', 'input.doseNumber', /out of order.*dose 1\b/);
    await vaccines.vaccinate(id, ['SINOPHARM_BIBP'], new Date('2021-05-01T00:00:00Z'));
    await expectRefused(doseInput(id, { doseNumber: 3, administeredAt: '2021-07-01T00:00:00Z' }), 'BAD_USER_INPUT', 'input.doseNumber', /out of order.*dose 2\b/);
    await expectRefused(doseInput(id, { doseNumber: 0 }), 'BAD_USER_INPUT', 'input.doseNumber');
    await expectRefused(doseInput(id, { doseNumber: -3 }), 'BAD_USER_INPUT', 'input.doseNumber');
  });

  test('re-sending a recorded dose exactly is a success that writes nothing; other details are a CONFLICT', async () => {
    const id = await resident();
    const input = doseInput(id);
    const first = await platform.data(RECORD, { input });
    const stored = await doseRows(id);
    const again = await platform.data(RECORD, { input: { ...input, site: ` ${input.site} ` } }); // trimmed, it is the same site
    expect(again).toEqual(first);
    expect(await doseRows(id)).toEqual(stored);
    // The same dose number with anything else changed is a different claim about that dose.
    await expectRefused({ ...input, batch: 'OTHER-BATCH' }, 'CONFLICT', undefined, /already recorded/);
    await expectRefused({ ...input, product: 'SINOPHARM_BIBP' }, 'CONFLICT');
    await expectRefused({ ...input, administeredAt: '2021-05-10T02:31:00.000Z' }, 'CONFLICT');
    await expectRefused({ ...input, site: 'Zhaoxiang Vaccination Point' }, 'CONFLICT');
    expect(await doseRows(id)).toEqual(stored);
  });

  test('administeredAt in the future, not after the previous dose, or before birth is refused', async () => {
    const id = await resident({ birthDate: '2015-08-20' });
    await expectRefused(doseInput(id, { administeredAt: new Date(Date.now() + 3600_000).toISOString() }), 'BAD_USER_INPUT', 'input.administeredAt', /future/);
    // Birth date 2015-08-20 in Shanghai starts at 2015-08-19T16:00Z.
    await expectRefused(doseInput(id, { administeredAt: '2015-08-19T15:59:59.000Z' }), 'BAD_USER_INPUT', 'input.administeredAt', /birth date 2015-08-20/);
    expect((await record(doseInput(id, { administeredAt: '2015-08-19T16:00:00.000Z' }))).errors).toBeUndefined();
    await expectRefused(doseInput(id, { doseNumber: 2, administeredAt: '2015-08-19T15:00:00.000Z' }), 'BAD_USER_INPUT', 'input.administeredAt');
    // The very instant of dose 1 is not "after" it either.
    await expectRefused(doseInput(id, { doseNumber: 2, administeredAt: '2015-08-19T16:00:00.000Z' }), 'BAD_USER_INPUT', 'input.administeredAt', /not after dose 1/);
    expect((await record(doseInput(id, { doseNumber: 2, administeredAt: '2015-09-19T16:00:00.000Z' }))).errors).toBeUndefined();
  });

  test('an empty site or batch is refused, naming the field', async () => {
    const id = await resident();
    await expectRefused(doseInput(id, { site: '' }), 'BAD_USER_INPUT', 'input.site');
    await expectRefused(doseInput(id, { site: '   ' }), 'BAD_USER_INPUT', 'input.site');
    await expectRefused(doseInput(id, { batch: ' \t' }), 'BAD_USER_INPUT', 'input.batch');
    await expectRefused(doseInput(id, { batch: 'B'.repeat(65) }), 'BAD_USER_INPUT', 'input.batch');
  });

  test('a resident not yet known to health (events not applied) is NOT_FOUND, not recorded half-way', async () => {
    const { id } = await platform.seed.resident({ community: COMMUNITY_A2 });
    await expectRefused(doseInput(id), 'NOT_FOUND');
    await platform.drainEvents();
    expect((await record(doseInput(id))).errors).toBeUndefined();
  });

  test('simultaneous recordings of one dose store one row: identical ones both succeed, different ones get one CONFLICT', async () => {
    const before = await allDoseCount();
    for (let round = 0; round < 4; round++) {
      const id = await resident();
      const same = await Promise.all([record(doseInput(id)), record(doseInput(id)), record(doseInput(id))]);
      for (const response of same) expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      expect(await doseRows(id)).toHaveLength(1);

      const input = doseInput(id, { doseNumber: 2, administeredAt: '2021-06-10T02:30:00.000Z' });
      const racing = await Promise.all([record({ ...input, batch: 'RACE-A' }), record({ ...input, batch: 'RACE-B' })]);
      const winners = racing.filter((response) => !response.errors);
      const losers = racing.filter((response) => response.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expectError(losers[0]!, 'CONFLICT');
      const rows = await doseRows(id);
      expect(rows).toHaveLength(2);
      expect(rows[1]!.batch).toBe(winners[0]!.data.recordVaccination.history[1].batch);
    }
    expect(await allDoseCount()).toBe(before + 8);
  });
});
