/**
 * The lab file import (what `npm run import:lab` runs), called as a function:
 * the same validation and merge as the API, a rejects file, idempotent
 * re-runs, and recovery of an import that died after staging or mid-merge.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeSyntheticLabFile } from '../../scripts/generate-lab-file.js';
import { ingestStaging } from '../../subgraphs/health/db.js';
import { mergeBatch } from '../../subgraphs/health/ingest/ingest.merge.js';
import { hashFile, importLabFile, stageLabFile } from '../../subgraphs/health/ingest/lab-file.js';
import { type BuiltResident } from '../support/builders.js';
import { allSamples, batchOf, labCsv, labFolder, labRow, positiveEvents, samplesOf, startLabPlatform, SUBMIT, writeLabFile, type LabRowInput } from '../support/lab-builders.js';
import { type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let folder: string;
let alice: BuiltResident;
let bob: BuiltResident;

beforeAll(async () => {
  ({ platform, alice, bob } = await startLabPlatform());
  folder = await labFolder();
});
afterAll(async () => {
  await platform?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const database = () => platform.test.database;
const db = () => database().db;
const stagedRows = async () => (await db().select({ n: count() }).from(ingestStaging))[0]!.n;

async function readRejects(file: string): Promise<string[][]> {
  return parse(await readFile(file, 'utf8')) as string[][];
}

describe('a hand-made file', () => {
  let file: string;
  let rejectsFile: string;
  let rows: LabRowInput[];
  let stranger: string;

  beforeAll(async () => {
    stranger = platform.seed.identityNumber('1970-01-01', 'MALE');
    rows = [labRow(alice.idNumber), labRow(stranger), labRow(bob.idNumber, { site: 'Site "North", gate 2', result: 'POSITIVE' })];
    const badCheck = `${bob.idNumber.slice(0, 17)}${bob.idNumber[17] === '0' ? '1' : '0'}`;
    const text = labCsv([
      rows[0]!, // line 2
      rows[1]!, // line 3
      { ...labRow(alice.idNumber), barcode: 'x' }, // line 4
      'A,B,C', // line 5: 3 fields
      rows[2]!, // line 6 (quoted site)
      { ...labRow(alice.idNumber), result: 'PENDING' }, // line 7: PENDING with resultAt
      '', // line 8: empty, skipped
      { ...labRow(bob.idNumber), idNumber: badCheck, tubeType: 'pooled', poolBarcode: null }, // line 9: two problems
    ]);
    file = await writeLabFile(folder, 'lab-a.csv', text);
    rejectsFile = path.join(folder, 'lab-a.rejects.csv');
  });

  test('imports the good rows and writes every problem to the rejects file', async () => {
    const eventsBefore = (await positiveEvents(db())).length;
    const progress: string[] = [];
    const result = await importLabFile(database(), file, { rejectsFile, onProgress: (m) => progress.push(m) });

    expect(result).toMatchObject({ key: await hashFile(file), status: 'imported', rows: 7, accepted: 3, unmatched: 1, rejectedRows: 4 });
    const stored = await samplesOf(db(), rows.map((r) => r.barcode));
    expect(stored.map((s) => [s.barcode, s.residentId, s.result, s.site])).toEqual(
      [
        [rows[0]!.barcode, alice.id, 'NEGATIVE', 'Xiayang sampling point 3'],
        [rows[1]!.barcode, null, 'NEGATIVE', 'Xiayang sampling point 3'],
        [rows[2]!.barcode, bob.id, 'POSITIVE', 'Site "North", gate 2'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(stored.find((s) => s.barcode === rows[0]!.barcode)).toMatchObject({ sampledAt: new Date(rows[0]!.sampledAt), resultAt: new Date(rows[0]!.resultAt!) });
    expect(await stagedRows()).toBe(0);
    expect(await batchOf(db(), result.key)).toMatchObject({ status: 'MERGED', accepted: 3, unmatched: 1, source: 'file:lab-a.csv' });
    expect((await positiveEvents(db())).slice(eventsBefore).map((e) => (e.payload as { barcode: string }).barcode)).toEqual([rows[2]!.barcode]);

    const lines = (await readFile(file, 'utf8')).split('\n');
    const rejects = await readRejects(rejectsFile);
    expect(rejects[0]).toEqual(['line', 'field', 'message', 'original']);
    expect(rejects.slice(1).map(([line, field, message, original]) => ({ line, field, message, original }))).toEqual([
      { line: '4', field: 'barcode', message: expect.stringContaining('"X" is not a tube barcode'), original: lines[3] },
      { line: '5', field: 'row', message: 'This row has 3 fields; the header has 9.', original: 'A,B,C' },
      { line: '7', field: 'resultAt', message: expect.stringContaining('PENDING'), original: lines[6] },
      { line: '9', field: 'idNumber', message: expect.stringContaining('check character'), original: lines[8] },
      { line: '9', field: 'poolBarcode', message: expect.stringContaining('POOLED'), original: lines[8] },
    ]);
    expect(progress.at(-1)).toMatch(/imported 7 rows .* 3 accepted \(1 unmatched\), 4 rejected/);
  });

  test('importing the same file again changes nothing', async () => {
    const before = await allSamples(db());
    const eventsBefore = await positiveEvents(db());
    const rejectsBefore = await stat(rejectsFile);
    const again = await importLabFile(database(), file, { rejectsFile });
    expect(again).toMatchObject({ status: 'already-imported', rows: 0, accepted: 3, unmatched: 1 });
    expect(await allSamples(db())).toEqual(before);
    expect(await positiveEvents(db())).toEqual(eventsBefore);
    expect((await stat(rejectsFile)).mtimeMs).toBe(rejectsBefore.mtimeMs);
  });

  test('the same key with another file is a CONFLICT', async () => {
    const key = (await hashFile(file)).slice(0, 20);
    await importLabFile(database(), file, { key });
    const other = await writeLabFile(folder, 'lab-a2.csv', labCsv([labRow(alice.idNumber)]));
    const before = await allSamples(db());
    await expect(importLabFile(database(), other, { key })).rejects.toMatchObject({ extensions: { code: 'CONFLICT', field: 'idempotencyKey' } });
    expect(await allSamples(db())).toEqual(before);
  });
});

test('CRLF line endings, a quoted line break and blank lines keep line numbers right', async () => {
  const good = labRow(alice.idNumber, { site: 'Gate 1\r\nnorth side' });
  const bad = { ...labRow(bob.idNumber), result: 'MAYBE' };
  const text = labCsv([good, '', bad]).replace(/(?<!\r)\n/g, '\r\n');
  const file = await writeLabFile(folder, 'lab-crlf.csv', `\ufeff${text}`);
  const rejectsFile = path.join(folder, 'lab-crlf.rejects.csv');
  expect(await importLabFile(database(), file, { rejectsFile })).toMatchObject({ rows: 2, accepted: 1, rejectedRows: 1 });
  // Line 1 header, lines 2-3 the good row (quoted line break), 4 blank, 5 the bad row.
  const rejects = await readRejects(rejectsFile);
  expect(rejects.slice(1).map((r) => [r[0], r[1]])).toEqual([['5', 'result']]);
  expect(rejects[1]![3]).toBe(text.split('\r\n')[4]);
  expect((await samplesOf(db(), [good.barcode]))[0]!.site).toBe('Gate 1\r\nnorth side');
});

describe('crash safety', () => {
  test('an import that died after staging is finished by running it again', async () => {
    const rows = [labRow(alice.idNumber), labRow(bob.idNumber, { result: 'PENDING', resultAt: null }), { ...labRow(bob.idNumber), lab: '' }];
    const file = await writeLabFile(folder, 'lab-crash.csv', labCsv(rows));
    const rejectsFile = path.join(folder, 'lab-crash.rejects.csv');

    // The run that "died": staged (and wrote its rejects), never merged.
    const staged = await stageLabFile(database(), file, { rejectsFile });
    expect(staged).toMatchObject({ rows: 3, stagedRows: 2, rejectedRows: 1 });
    expect(await batchOf(db(), staged.key)).toMatchObject({ status: 'STAGED', accepted: 0 });
    expect(await stagedRows()).toBe(2);
    expect(await samplesOf(db(), rows.map((r) => r.barcode))).toEqual([]);
    await writeFile(rejectsFile, 'truncated by the crash');

    const resumed = await importLabFile(database(), file, { rejectsFile });
    expect(resumed).toMatchObject({ key: staged.key, status: 'resumed', rows: 3, accepted: 2, unmatched: 0, rejectedRows: 1 });
    expect((await samplesOf(db(), rows.map((r) => r.barcode))).map((s) => s.barcode)).toEqual([rows[0]!.barcode, rows[1]!.barcode].sort());
    expect(await stagedRows()).toBe(0);
    expect(await batchOf(db(), staged.key)).toMatchObject({ status: 'MERGED', accepted: 2 });
    expect((await readRejects(rejectsFile)).slice(1).map((r) => [r[0], r[1]])).toEqual([['4', 'lab']]);

    expect(await importLabFile(database(), file)).toMatchObject({ status: 'already-imported', accepted: 2 });
  });

  test('an import that died half-way through the merge resumes where it stopped, counting each row once', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => labRow(i % 3 ? alice.idNumber : platform.seed.identityNumber('1966-06-06', 'FEMALE')));
    const file = await writeLabFile(folder, 'lab-half.csv', labCsv(rows));
    const staged = await stageLabFile(database(), file);
    // Dies after the first chunk of 5 row indexes has committed.
    await expect(
      mergeBatch(db(), staged.key, {
        chunkRows: 5,
        onProgress: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await batchOf(db(), staged.key)).toMatchObject({ status: 'STAGED', accepted: 5, unmatched: 2 });
    expect(await stagedRows()).toBe(7);

    const resumed = await importLabFile(database(), file, { mergeChunkRows: 5 });
    expect(resumed).toMatchObject({ status: 'resumed', accepted: 12, unmatched: 4, rejectedRows: 0 });
    expect(await samplesOf(db(), rows.map((r) => r.barcode))).toHaveLength(12);
    expect(await stagedRows()).toBe(0);
  });

  test('two imports of one file at the same moment store it once', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => labRow(i % 4 ? alice.idNumber : bob.idNumber));
    const file = await writeLabFile(folder, 'lab-twice.csv', labCsv([...rows, { ...labRow(bob.idNumber), site: '' }]));
    const results = await Promise.all([importLabFile(database(), file), importLabFile(database(), file)]);
    // One stages and merges; the other waits for its batch, then finishes or finds it merged.
    expect(['already-imported,imported', 'imported,resumed']).toContain(results.map((r) => r.status).sort().join(','));
    for (const result of results) expect(result).toMatchObject({ accepted: 40, unmatched: 0, rejectedRows: 1 });
    expect(await samplesOf(db(), rows.map((r) => r.barcode))).toHaveLength(40);
    expect(await batchOf(db(), results[0]!.key)).toMatchObject({ status: 'MERGED', accepted: 40 });
    expect(await stagedRows()).toBe(0);
  });

  test('a file that cannot be read as a lab file stages nothing and records no batch', async () => {
    const file = await writeLabFile(folder, 'lab-header.csv', 'barcode,idNumber,sampled_at,tube,result\nA,B,C,D,E\n');
    await expect(importLabFile(database(), file)).rejects.toThrow(/unknown column\(s\) "tube".*missing column\(s\) tubeType, poolBarcode, resultAt, lab, site/);
    expect(await batchOf(db(), await hashFile(file))).toBeNull();
    expect(await stagedRows()).toBe(0);

    const empty = await writeLabFile(folder, 'lab-empty.csv', '');
    await expect(importLabFile(database(), empty)).rejects.toThrow(/is empty/);
  });
});

describe('one core for both doors', () => {
  test('a file row whose barcode the API stored for another person is rejected on idNumber, with its line', async () => {
    const row = labRow(alice.idNumber);
    const api = await platform.gql(SUBMIT, { idempotencyKey: `api-${row.barcode}`, rows: [row] });
    expect(api.errors).toBeUndefined();
    const before = await samplesOf(db(), [row.barcode]);
    const other = labRow(bob.idNumber);
    const file = await writeLabFile(folder, 'lab-foreign.csv', labCsv([other, { ...row, idNumber: bob.idNumber, result: 'POSITIVE' }]));
    const rejectsFile = path.join(folder, 'lab-foreign.rejects.csv');

    const result = await importLabFile(database(), file, { rejectsFile });
    expect(result).toMatchObject({ status: 'imported', accepted: 1, rejectedRows: 1 });
    expect(await samplesOf(db(), [row.barcode])).toEqual(before);
    const rejects = await readRejects(rejectsFile);
    expect(rejects.slice(1).map((r) => [r[0], r[1]])).toEqual([['3', 'idNumber']]);
    expect(rejects[1]![2]).toContain(row.barcode);
  });

  test('a generated file imports to exactly the counts it was generated with, in several merge chunks, once', async () => {
    const idNumbers = [alice.idNumber, bob.idNumber];
    const file = path.join(folder, 'lab-generated.csv');
    const stats = await writeSyntheticLabFile(file, { rows: 3_000, idNumbers, unmatchedShare: 0.05, invalidShare: 0.03, seed: 7 });
    expect(stats.invalid).toBeGreaterThan(30);
    expect(stats.unmatched).toBeGreaterThan(50);
    const rejectsFile = path.join(folder, 'lab-generated.rejects.csv');

    const result = await importLabFile(database(), file, { rejectsFile, mergeChunkRows: 1_000 });
    expect(result).toMatchObject({ status: 'imported', rows: 3_000, accepted: stats.valid, unmatched: stats.unmatched, rejectedRows: stats.invalid });
    const rejectedLines = new Set((await readRejects(rejectsFile)).slice(1).map((r) => r[0]));
    expect(rejectedLines.size).toBe(stats.invalid);
    const samplesAfter = await allSamples(db());
    expect(samplesAfter.filter((s) => s.barcode.startsWith('LB7-'))).toHaveLength(stats.valid);

    expect(await importLabFile(database(), file)).toMatchObject({ status: 'already-imported' });
    expect(await allSamples(db())).toEqual(samplesAfter);
  });
});
