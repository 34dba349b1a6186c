/**
 * submitNucleicAcidResults through the gateway: per-row validation with good
 * rows kept, matching identity numbers to residents (unmatched results kept
 * and linked later), idempotency keys, upsert by barcode, pooled results,
 * limits, and the individual-positive event.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ingestBatches, ingestStaging, samples } from '../../subgraphs/health/db.js';
import { type BuiltResident } from '../support/builders.js';
import { allSamples, barcode, batchOf, labRow, positiveEvents, samplesOf, SUBMIT, type LabRowInput } from '../support/lab-builders.js';
import { expectError, ok } from '../support/assertions.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let alice: BuiltResident;
let bob: BuiltResident;
let carol: BuiltResident;

beforeAll(async () => {
  // Events apply only on drainEvents(), so an unmatched row stays unmatched until a test registers its person.
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  alice = await platform.seed.resident({ name: 'Alice', birthDate: '1985-03-02', gender: 'FEMALE' });
  bob = await platform.seed.resident({ name: 'Bob', birthDate: '1950-11-20', gender: 'MALE' });
  carol = await platform.seed.resident({ name: 'Carol', birthDate: '2010-07-07', gender: 'FEMALE' });
  await platform.drainEvents();
});
afterAll(() => platform?.stop());

const db = () => platform.test.database.db;
let keys = 0;
const newKey = () => `test-batch-${++keys}`;

interface Submission {
  accepted: number;
  unmatched: number;
  rejected: { index: number; field: string; message: string }[];
}

const submit = (rows: LabRowInput[], idempotencyKey = newKey()) => platform.gql<{ submitNucleicAcidResults: Submission }>(SUBMIT, { idempotencyKey, rows });

/** An identity number nobody is registered with (valid check character). */
const nobody = (birthDate = '1977-05-05') => platform.seed.identityNumber(birthDate, 'MALE');
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('a batch with good, unmatched and bad rows', () => {
  test('stores the good rows, keeps the unmatched one, reports each bad row by index', async () => {
    const stranger = nobody();
    const rows = [
      labRow(alice.idNumber),
      labRow(bob.idNumber, { barcode: 'not a barcode' }),
      labRow(stranger),
      labRow(carol.idNumber, { result: 'POSITIVE' }),
      labRow(bob.idNumber, { idNumber: `${bob.idNumber.slice(0, 17)}${bob.idNumber[17] === '0' ? '1' : '0'}` }),
      labRow(bob.idNumber, { tubeType: 'POOLED', poolBarcode: 'POOL-A-0001', result: 'PENDING', resultAt: null }),
    ];
    const outcome = ok(await submit(rows)).submitNucleicAcidResults;

    expect(outcome.accepted).toBe(4);
    expect(outcome.unmatched).toBe(1);
    expect(outcome.rejected).toEqual([
      { index: 1, field: 'barcode', message: expect.stringContaining('is not a tube barcode') },
      { index: 4, field: 'idNumber', message: expect.stringContaining('check character') },
    ]);

    const stored = await samplesOf(db(), rows.map((r) => r.barcode));
    expect(stored.map((s) => [s.barcode, s.residentId, s.idNumber, s.tubeType, s.poolBarcode, s.result])).toEqual(
      [
        [rows[0]!.barcode, alice.id, alice.idNumber, 'SINGLE', null, 'NEGATIVE'],
        [rows[2]!.barcode, null, stranger, 'SINGLE', null, 'NEGATIVE'],
        [rows[3]!.barcode, carol.id, carol.idNumber, 'SINGLE', null, 'POSITIVE'],
        [rows[5]!.barcode, bob.id, bob.idNumber, 'POOLED', 'POOL-A-0001', 'PENDING'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const aliceSample = stored.find((s) => s.barcode === rows[0]!.barcode)!;
    expect(aliceSample).toMatchObject({ sampledAt: new Date(rows[0]!.sampledAt), resultAt: new Date(rows[0]!.resultAt!), lab: 'Qingpu Central Lab', site: 'Xiayang sampling point 3' });
    // Nothing is left in staging once merged.
    expect((await db().select({ n: count() }).from(ingestStaging))[0]!.n).toBe(0);
  });

  test('the stored samples are the resident\'s nucleic-acid tests', async () => {
    const row = labRow(alice.idNumber, { sampledAt: hoursAgo(1), resultAt: hoursAgo(0.5) });
    ok(await submit([row]));
    const data = await platform.data(`query($id: ID!) { resident(id: $id) { latestNucleicAcidTest { barcode result tubeType lab site } } }`, { id: String(alice.id) });
    expect(data.resident.latestNucleicAcidTest).toEqual({ barcode: row.barcode, result: 'NEGATIVE', tubeType: 'SINGLE', lab: row.lab, site: row.site });
  });

  test('input is normalized: barcode, identity number and text fields', async () => {
    const code = barcode('low');
    const x = platform.seed.identityNumber('1960-01-01', 'FEMALE').replace(/X$/, 'x');
    ok(await submit([labRow(x, { barcode: `  ${code.toLowerCase()} `, lab: '  Lab B ', site: ' Site 9  ' })]));
    const [stored] = await samplesOf(db(), [code.toUpperCase()]);
    expect(stored).toMatchObject({ barcode: code.toUpperCase(), idNumber: x.toUpperCase(), lab: 'Lab B', site: 'Site 9' });
  });
});

describe('per-row errors name the field', () => {
  test('every kind of bad row is rejected with its index and field, and only the good row is stored', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const cases: [Partial<LabRowInput>, string][] = [
      [{ barcode: 'AB1' }, 'barcode'],
      [{ barcode: 'QP_000001' }, 'barcode'],
      [{ idNumber: '31011819900615001' }, 'idNumber'],
      [{ sampledAt: future, result: 'PENDING', resultAt: null }, 'sampledAt'],
      [{ resultAt: hoursAgo(4) }, 'resultAt'], // sampled 3 h ago
      [{ resultAt: future }, 'resultAt'],
      [{ result: 'PENDING' }, 'resultAt'], // PENDING with a resultAt
      [{ result: 'NEGATIVE', resultAt: null }, 'resultAt'],
      [{ tubeType: 'POOLED', poolBarcode: null }, 'poolBarcode'],
      [{ tubeType: 'SINGLE', poolBarcode: 'POOL-X-0001' }, 'poolBarcode'],
      [{ tubeType: 'POOLED', poolBarcode: 'P' }, 'poolBarcode'],
      [{ lab: '   ' }, 'lab'],
      [{ site: 'x'.repeat(201) }, 'site'],
    ];
    const good = labRow(alice.idNumber);
    const rows = [...cases.map(([changes]) => labRow(alice.idNumber, changes)), good];
    const outcome = ok(await submit(rows)).submitNucleicAcidResults;
    expect(outcome.accepted).toBe(1);
    expect(outcome.rejected.map((r) => [r.index, r.field])).toEqual(cases.map(([, field], index) => [index, field]));
    for (const rejection of outcome.rejected) expect(rejection.message.length).toBeGreaterThan(10);
    expect((await samplesOf(db(), rows.map((r) => r.barcode))).map((s) => s.barcode)).toEqual([good.barcode]);
  });

  test('a row with several problems has one entry per problem', async () => {
    const outcome = ok(await submit([labRow(alice.idNumber, { barcode: '--', result: 'PENDING', lab: '' })])).submitNucleicAcidResults;
    expect(outcome).toEqual({
      accepted: 0,
      unmatched: 0,
      rejected: [
        { index: 0, field: 'barcode', message: expect.any(String) },
        { index: 0, field: 'resultAt', message: expect.any(String) },
        { index: 0, field: 'lab', message: expect.any(String) },
      ],
    });
  });

  test('an unknown enum value or a malformed DateTime refuses the whole call, storing nothing', async () => {
    const before = await allSamples(db());
    const badEnum = await submit([labRow(alice.idNumber), labRow(alice.idNumber, { tubeType: 'TRIPLE' })]);
    expect(badEnum.data ?? null).toBeNull();
    expect(JSON.stringify(badEnum.errors)).toContain('TRIPLE');
    expectError(badEnum, 'BAD_USER_INPUT');
    const badInstant = await submit([labRow(alice.idNumber, { sampledAt: 'yesterday' })]);
    expect(badInstant.errors).toBeDefined();
    expect(await allSamples(db())).toEqual(before);
  });
});

describe('idempotency', () => {
  test('re-sending a key returns the same response and changes nothing', async () => {
    const key = newKey();
    const rows = [labRow(alice.idNumber), labRow(nobody()), labRow(bob.idNumber, { barcode: 'bad' })];
    const first = ok(await submit(rows, key)).submitNucleicAcidResults;
    expect(first).toMatchObject({ accepted: 2, unmatched: 1 });
    const before = await allSamples(db());
    const [batchBefore] = await db().select().from(ingestBatches).where(eq(ingestBatches.idempotencyKey, key));

    // The same rows again, written differently (case, spacing, another offset for the same instant) are the same delivery.
    const again = rows.map((r) => ({ ...r, barcode: ` ${r.barcode.toLowerCase()}`, sampledAt: new Date(r.sampledAt).toISOString().replace('Z', '+00:00') }));
    expect(ok(await submit(again, key)).submitNucleicAcidResults).toEqual(first);
    expect(ok(await submit(rows, key)).submitNucleicAcidResults).toEqual(first);
    expect(await allSamples(db())).toEqual(before); // received_at included: nothing was rewritten
    expect(await batchOf(db(), key)).toEqual(batchBefore);
  });

  test('the same key with other rows is a CONFLICT naming idempotencyKey, and changes nothing', async () => {
    const key = newKey();
    const rows = [labRow(alice.idNumber), labRow(bob.idNumber)];
    ok(await submit(rows, key));
    const before = await allSamples(db());
    expectError(await submit([rows[0]!, { ...rows[1]!, result: 'POSITIVE' }], key), 'CONFLICT', { field: 'idempotencyKey' });
    expectError(await submit([rows[0]!], key), 'CONFLICT', { field: 'idempotencyKey' });
    expectError(await submit([...rows, labRow(carol.idNumber)], key), 'CONFLICT', { field: 'idempotencyKey' });
    expect(await allSamples(db())).toEqual(before);
  });

  test('concurrent sends of one key store the rows once and answer the same', async () => {
    const key = newKey();
    const rows = Array.from({ length: 50 }, (_, i) => labRow(i % 2 ? alice.idNumber : carol.idNumber));
    const answers = await Promise.all([submit(rows, key), submit(rows, key), submit(rows, key)]);
    for (const answer of answers) expect(ok(answer).submitNucleicAcidResults).toEqual({ accepted: 50, unmatched: 0, rejected: [] });
    expect(await samplesOf(db(), rows.map((r) => r.barcode))).toHaveLength(50);
  });

  test('the key is 1 to 200 characters', async () => {
    expectError(await submit([labRow(alice.idNumber)], ''), 'BAD_USER_INPUT', { field: 'idempotencyKey' });
    expectError(await submit([labRow(alice.idNumber)], '   '), 'BAD_USER_INPUT', { field: 'idempotencyKey' });
    expectError(await submit([labRow(alice.idNumber)], 'k'.repeat(201)), 'BAD_USER_INPUT', { field: 'idempotencyKey' });
    expect(ok(await submit([labRow(alice.idNumber)], 'k'.repeat(200))).submitNucleicAcidResults.accepted).toBe(1);
  });
});

describe('one sample per barcode', () => {
  test('a barcode delivered again updates its result: still one sample', async () => {
    const pending = labRow(bob.idNumber, { result: 'PENDING', resultAt: null });
    ok(await submit([pending]));
    expect((await samplesOf(db(), [pending.barcode]))[0]).toMatchObject({ result: 'PENDING', resultAt: null });

    const resultAt = hoursAgo(0.5);
    expect(ok(await submit([{ ...pending, result: 'NEGATIVE', resultAt, lab: 'Lab C' }])).submitNucleicAcidResults).toEqual({ accepted: 1, unmatched: 0, rejected: [] });
    const after = await samplesOf(db(), [pending.barcode]);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ residentId: bob.id, result: 'NEGATIVE', resultAt: new Date(resultAt), lab: 'Lab C' });
  });

  test('a PENDING row delivered after the result does not erase it', async () => {
    const row = labRow(bob.idNumber);
    ok(await submit([row]));
    ok(await submit([{ ...row, result: 'PENDING', resultAt: null, site: 'Moved site' }]));
    expect((await samplesOf(db(), [row.barcode]))[0]).toMatchObject({ result: 'NEGATIVE', resultAt: new Date(row.resultAt!), site: 'Moved site' });
  });

  test('a barcode delivered again with a different identity number is rejected on idNumber, not overwritten', async () => {
    const row = labRow(alice.idNumber);
    ok(await submit([row]));
    const before = await samplesOf(db(), [row.barcode]);
    const other = labRow(bob.idNumber);
    const outcome = ok(await submit([other, { ...row, idNumber: bob.idNumber, result: 'POSITIVE' }])).submitNucleicAcidResults;
    expect(outcome).toEqual({ accepted: 1, unmatched: 0, rejected: [{ index: 1, field: 'idNumber', message: expect.stringContaining(row.barcode) }] });
    expect(await samplesOf(db(), [row.barcode])).toEqual(before);
    expect(await samplesOf(db(), [other.barcode])).toHaveLength(1);
  });

  test('duplicates inside one batch: the first row counts; every later row with its barcode is rejected on barcode, naming it', async () => {
    const first = labRow(carol.idNumber, { result: 'PENDING', resultAt: null });
    const resultAt = hoursAgo(0.25);
    const rows = [first, { ...first, result: 'INVALID', resultAt }, { ...first, idNumber: alice.idNumber, result: 'POSITIVE', resultAt }];
    const outcome = ok(await submit(rows)).submitNucleicAcidResults;
    expect(outcome).toEqual({
      accepted: 1,
      unmatched: 0,
      rejected: [
        { index: 1, field: 'barcode', message: expect.stringContaining('row 0') },
        { index: 2, field: 'barcode', message: expect.stringContaining('row 0') },
      ],
    });
    const stored = await samplesOf(db(), [first.barcode]);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ residentId: carol.id, idNumber: carol.idNumber, result: 'PENDING', resultAt: null });
  });
});

describe('unmatched results', () => {
  test('are kept and linked when the person is registered', async () => {
    const idNumber = platform.seed.identityNumber('1999-09-09', 'MALE');
    const rows = [labRow(idNumber, { sampledAt: hoursAgo(30), resultAt: hoursAgo(28) }), labRow(idNumber, { result: 'PENDING', resultAt: null })];
    expect(ok(await submit(rows)).submitNucleicAcidResults).toEqual({ accepted: 2, unmatched: 2, rejected: [] });
    expect((await samplesOf(db(), rows.map((r) => r.barcode))).map((s) => s.residentId)).toEqual([null, null]);

    const dan = await platform.seed.resident({ name: 'Dan', idNumber, birthDate: '1999-09-09', gender: 'MALE' });
    await platform.drainEvents();
    const data = await platform.data(`query($id: ID!) { resident(id: $id) { nucleicAcidTests { barcode result } } }`, { id: String(dan.id) });
    expect(data.resident.nucleicAcidTests).toEqual([
      { barcode: rows[1]!.barcode, result: 'PENDING' },
      { barcode: rows[0]!.barcode, result: 'NEGATIVE' },
    ]);
    // Once known, the same person's new rows match at once.
    expect(ok(await submit([labRow(idNumber)])).submitNucleicAcidResults).toMatchObject({ accepted: 1, unmatched: 0 });
  });
});

describe('pooled tubes', () => {
  test('a pool\'s final result becomes every member\'s result', async () => {
    const pool = barcode('POOL');
    const sampledAt = hoursAgo(5);
    const members = [alice, bob, carol].map((r) => labRow(r.idNumber, { sampledAt, tubeType: 'POOLED', poolBarcode: pool, result: 'PENDING', resultAt: null }));
    ok(await submit(members));
    const outsider = labRow(alice.idNumber, { tubeType: 'POOLED', poolBarcode: barcode('POOL'), result: 'PENDING', resultAt: null });
    ok(await submit([outsider]));

    // The lab reports the pool's result on one member's row.
    const resultAt = hoursAgo(1);
    expect(ok(await submit([{ ...members[1]!, result: 'POSITIVE', resultAt }])).submitNucleicAcidResults).toEqual({ accepted: 1, unmatched: 0, rejected: [] });
    const stored = await samplesOf(db(), members.map((m) => m.barcode));
    expect(stored.map((s) => [s.result, s.resultAt])).toEqual(members.map(() => ['POSITIVE', new Date(resultAt)]));
    expect((await samplesOf(db(), [outsider.barcode]))[0]!.result).toBe('PENDING');

    // A member whose row comes after the pool's result takes that result.
    const late = labRow(nobody('1988-08-08'), { sampledAt, tubeType: 'POOLED', poolBarcode: pool, result: 'PENDING', resultAt: null });
    expect(ok(await submit([late])).submitNucleicAcidResults).toEqual({ accepted: 1, unmatched: 1, rejected: [] });
    expect((await samplesOf(db(), [late.barcode]))[0]).toMatchObject({ result: 'POSITIVE', resultAt: new Date(resultAt) });

    // A corrected pool result (a later delivery) moves every member again.
    const corrected = hoursAgo(0.5);
    ok(await submit([{ ...members[0]!, result: 'NEGATIVE', resultAt: corrected }]));
    const after = await samplesOf(db(), [...members.map((m) => m.barcode), late.barcode]);
    expect(after.map((s) => s.result)).toEqual(['NEGATIVE', 'NEGATIVE', 'NEGATIVE', 'NEGATIVE']);
  });
});

describe('limits', () => {
  test('5,001 rows are refused (BAD_USER_INPUT on rows), 5,000 are taken', async () => {
    const before = (await db().select({ n: count() }).from(samples))[0]!.n;
    const rows = Array.from({ length: 5_001 }, () => labRow(alice.idNumber));
    expectError(await submit(rows), 'BAD_USER_INPUT', { field: 'rows' });
    expect((await db().select({ n: count() }).from(samples))[0]!.n).toBe(before);

    const outcome = ok(await submit(rows.slice(0, 5_000))).submitNucleicAcidResults;
    expect(outcome).toEqual({ accepted: 5_000, unmatched: 0, rejected: [] });
    expect((await db().select({ n: count() }).from(samples))[0]!.n).toBe(before + 5_000);
  });

  test('an empty batch is refused', async () => {
    expectError(await submit([]), 'BAD_USER_INPUT', { field: 'rows' });
  });
});

describe('individual-positive events', () => {
  test('one per SINGLE sample of a known resident that turns POSITIVE, never repeated', async () => {
    const eventsBefore = (await positiveEvents(db())).length;
    const positive = labRow(bob.idNumber, { result: 'POSITIVE' });
    const key = newKey();
    const rows = [
      positive,
      labRow(nobody(), { result: 'POSITIVE' }), // unmatched: nobody to open a case for yet
      labRow(alice.idNumber, { tubeType: 'POOLED', poolBarcode: barcode('POOL'), result: 'POSITIVE' }), // pooled: retest first
      labRow(carol.idNumber), // negative
    ];
    ok(await submit(rows, key));
    ok(await submit(rows, key)).submitNucleicAcidResults; // re-sent: same key
    ok(await submit([{ ...positive, lab: 'Re-delivered' }])).submitNucleicAcidResults; // re-delivered under a new key: still POSITIVE, not a new positive

    const events = (await positiveEvents(db())).slice(eventsBefore);
    expect(events.map((e) => e.payload)).toEqual([
      { barcode: positive.barcode, residentId: String(bob.id), sampledAt: new Date(positive.sampledAt).toISOString(), resultAt: new Date(positive.resultAt!).toISOString() },
    ]);
  });

  test('a sample that turns POSITIVE on a later delivery publishes then', async () => {
    const eventsBefore = (await positiveEvents(db())).length;
    const row = labRow(carol.idNumber, { result: 'PENDING', resultAt: null });
    ok(await submit([row]));
    expect((await positiveEvents(db())).length).toBe(eventsBefore);
    ok(await submit([{ ...row, result: 'POSITIVE', resultAt: hoursAgo(0.1) }]));
    const events = (await positiveEvents(db())).slice(eventsBefore);
    expect(events.map((e) => (e.payload as { barcode: string }).barcode)).toEqual([row.barcode]);
  });

  test('an unmatched positive is announced when its person is registered', async () => {
    const eventsBefore = (await positiveEvents(db())).length;
    const idNumber = platform.seed.identityNumber('1988-08-08', 'FEMALE');
    const row = labRow(idNumber, { result: 'POSITIVE' });
    expect(ok(await submit([row])).submitNucleicAcidResults).toMatchObject({ accepted: 1, unmatched: 1 });
    expect((await positiveEvents(db())).length).toBe(eventsBefore);

    const erin = await platform.seed.resident({ name: 'Erin', idNumber, birthDate: '1988-08-08', gender: 'FEMALE' });
    await platform.drainEvents();
    const events = (await positiveEvents(db())).slice(eventsBefore);
    expect(events.map((e) => e.payload)).toEqual([
      { barcode: row.barcode, residentId: String(erin.id), sampledAt: new Date(row.sampledAt).toISOString(), resultAt: new Date(row.resultAt!).toISOString() },
    ]);
  });
});
