/**
 * The lab row validator both doors share (the mutation and the file import):
 * every rule, with hand-written rows. Identity numbers were checked by hand
 * (see identity.test.ts): 310118199006150011 is valid (1990-06-15), the same
 * body with check character 2 is not; others are built with withCheckCharacter.
 */
import { describe, expect, test } from 'vitest';
import { canonicalLabRow, parseInstant, validateLabRow, type RawLabRow } from '../../subgraphs/health/ingest/lab-row.js';
import { withCheckCharacter } from '../../subgraphs/shared/identity.js';

const NOW = new Date('2022-04-10T12:00:00Z');
const ID = '310118199006150011';

/** A valid SINGLE NEGATIVE row as a file would carry it (all text). */
const GOOD: RawLabRow = {
  barcode: 'QP-20220410-0001',
  idNumber: ID,
  sampledAt: '2022-04-10T08:00:00+08:00',
  tubeType: 'SINGLE',
  poolBarcode: null,
  result: 'NEGATIVE',
  resultAt: '2022-04-10T15:30:00+08:00',
  lab: 'Qingpu Central Lab',
  site: 'Xiayang sampling point 3',
};

function problemsOf(changes: Partial<Record<keyof RawLabRow, string | Date | null>>) {
  const check = validateLabRow({ ...GOOD, ...changes }, NOW);
  if (check.ok) throw new Error(`expected problems, got ${JSON.stringify(check.row)}`);
  return check.problems;
}

function fieldsOf(changes: Partial<Record<keyof RawLabRow, string | Date | null>>) {
  return problemsOf(changes).map((p) => p.field);
}

describe('a valid row', () => {
  test('is normalized: trimmed, codes upper-cased, instants parsed', () => {
    const check = validateLabRow(
      { ...GOOD, barcode: '  qp-20220410-0001 ', idNumber: ' 11010519491231002x', tubeType: 'single', result: 'negative', lab: '  Lab A ', site: ' Site 1 ' },
      NOW,
    );
    expect(check).toEqual({
      ok: true,
      row: {
        barcode: 'QP-20220410-0001',
        idNumber: '11010519491231002X',
        sampledAt: new Date('2022-04-10T00:00:00Z'),
        tubeType: 'SINGLE',
        poolBarcode: null,
        result: 'NEGATIVE',
        resultAt: new Date('2022-04-10T07:30:00Z'),
        lab: 'Lab A',
        site: 'Site 1',
      },
    });
  });

  test('from the API: Dates and enum values are taken as they are', () => {
    const check = validateLabRow({ ...GOOD, sampledAt: new Date('2022-04-10T00:00:00Z'), resultAt: new Date('2022-04-10T07:30:00Z') }, NOW);
    expect(check.ok).toBe(true);
  });

  test('POOLED with its pool barcode, and PENDING without resultAt', () => {
    const check = validateLabRow({ ...GOOD, tubeType: 'POOLED', poolBarcode: 'pool-000123', result: 'PENDING', resultAt: '' }, NOW);
    expect(check).toMatchObject({ ok: true, row: { tubeType: 'POOLED', poolBarcode: 'POOL-000123', result: 'PENDING', resultAt: null } });
  });

  test('resultAt may equal sampledAt, and both may be exactly now', () => {
    expect(validateLabRow({ ...GOOD, sampledAt: NOW.toISOString(), resultAt: NOW.toISOString() }, NOW).ok).toBe(true);
  });
});

describe('barcode', () => {
  test.each([
    ['missing', null],
    ['blank', '   '],
    ['too short (5)', 'AB123'],
    ['too long (33)', 'A'.repeat(33)],
    ['a space inside', 'QP 000123'],
    ['starting with a hyphen', '-QP000123'],
    ['other characters', 'QP_000123'],
  ])('%s is rejected', (_, barcode) => {
    expect(fieldsOf({ barcode })).toEqual(['barcode']);
  });

  test('6 and 32 characters are the bounds', () => {
    expect(validateLabRow({ ...GOOD, barcode: 'ABC123' }, NOW).ok).toBe(true);
    expect(validateLabRow({ ...GOOD, barcode: 'A'.repeat(32) }, NOW).ok).toBe(true);
  });
});

describe('idNumber', () => {
  test('a wrong check character names the expected one', () => {
    expect(problemsOf({ idNumber: '310118199006150012' })).toEqual([
      { field: 'idNumber', message: expect.stringContaining('should be 1, not 2') },
    ]);
  });

  test.each([
    ['missing', null],
    ['17 characters', '31011819900615001'],
    ['letters', '31011819900615001A'],
    ['no real birth date (1990-02-30)', withCheckCharacter('31011819900230001')],
  ])('%s is rejected', (_, idNumber) => {
    expect(fieldsOf({ idNumber })).toEqual(['idNumber']);
  });

  test('a birth date after the sampling is a mistyped number', () => {
    // Born 2022-04-11 (Shanghai), sampled on 2022-04-10.
    expect(problemsOf({ idNumber: withCheckCharacter('31011820220411001'), sampledAt: '2022-04-10T08:00:00+08:00' })).toEqual([
      { field: 'idNumber', message: expect.stringContaining('after the sampling') },
    ]);
  });
});

describe('sampledAt and resultAt', () => {
  test('sampledAt in the future', () => {
    expect(problemsOf({ sampledAt: '2022-04-10T12:00:01Z', resultAt: null, result: 'PENDING' })).toEqual([
      { field: 'sampledAt', message: 'sampledAt (2022-04-10T12:00:01.000Z) is in the future.' },
    ]);
  });

  test.each(['yesterday', '2022-04-10', '2022-02-30T08:00:00+08:00', '2022-04-10T24:00:00+08:00', '10/04/2022 08:00', '2022-04-10T08:00:00+25:00'])(
    'sampledAt "%s" is not an instant',
    (sampledAt) => {
      expect(fieldsOf({ sampledAt })).toEqual(['sampledAt']);
    },
  );

  test('missing sampledAt', () => {
    expect(fieldsOf({ sampledAt: null })).toEqual(['sampledAt']);
  });

  test('resultAt before sampledAt', () => {
    expect(problemsOf({ resultAt: '2022-04-10T07:59:59+08:00' })).toEqual([
      { field: 'resultAt', message: 'resultAt (2022-04-09T23:59:59.000Z) is before sampledAt (2022-04-10T00:00:00.000Z).' },
    ]);
  });

  test('resultAt in the future', () => {
    expect(fieldsOf({ resultAt: '2022-04-10T20:00:01+08:00' })).toEqual(['resultAt']);
  });

  test('a final result needs resultAt', () => {
    for (const result of ['NEGATIVE', 'POSITIVE', 'INVALID']) {
      expect(problemsOf({ result, resultAt: null })).toEqual([{ field: 'resultAt', message: `resultAt is required with a ${result} result.` }]);
    }
  });

  test('PENDING with a resultAt', () => {
    expect(problemsOf({ result: 'PENDING' })).toEqual([
      { field: 'resultAt', message: 'A PENDING result has no resultAt; leave it empty until the result is known.' },
    ]);
  });

  test('an instant without an offset is Asia/Shanghai time; Z, offsets and fractions are read', () => {
    expect(parseInstant('2022-04-10 08:00')).toEqual(new Date('2022-04-10T00:00:00Z'));
    expect(parseInstant('2022-04-10T08:00:00')).toEqual(new Date('2022-04-10T00:00:00Z'));
    expect(parseInstant('2022-04-10T08:00:00Z')).toEqual(new Date('2022-04-10T08:00:00Z'));
    expect(parseInstant('2022-04-10t08:00:00.250-0130')).toEqual(new Date('2022-04-10T09:30:00.250Z'));
    expect(parseInstant('2022-04-10T08:00:00+05')).toEqual(new Date('2022-04-10T03:00:00Z'));
    expect(parseInstant('2022-04-10T08:60:00Z')).toBeNull();
  });
});

describe('tubeType and poolBarcode', () => {
  test('POOLED without poolBarcode', () => {
    expect(problemsOf({ tubeType: 'POOLED' })).toEqual([{ field: 'poolBarcode', message: 'A POOLED sample needs the poolBarcode of its mixed tube.' }]);
  });

  test('SINGLE with a poolBarcode', () => {
    expect(fieldsOf({ poolBarcode: 'POOL-000123' })).toEqual(['poolBarcode']);
  });

  test('a malformed poolBarcode', () => {
    expect(fieldsOf({ tubeType: 'POOLED', poolBarcode: 'P1' })).toEqual(['poolBarcode']);
  });

  test.each([['TRIPLE'], [''], [null]])('tubeType %j', (tubeType) => {
    expect(fieldsOf({ tubeType })).toEqual(['tubeType']);
  });
});

describe('result, lab and site', () => {
  test.each([['DETECTED'], [null]])('result %j', (result) => {
    expect(fieldsOf({ result })).toEqual(['result']);
  });

  test('lab and site are required, at most 200 characters', () => {
    expect(fieldsOf({ lab: '  ' })).toEqual(['lab']);
    expect(fieldsOf({ site: null })).toEqual(['site']);
    expect(problemsOf({ site: 'x'.repeat(201) })).toEqual([{ field: 'site', message: 'site is at most 200 characters (got 201).' }]);
    expect(validateLabRow({ ...GOOD, lab: 'x'.repeat(200) }, NOW).ok).toBe(true);
  });
});

test('every problem of a row is reported, in field order', () => {
  expect(
    fieldsOf({ barcode: 'x', idNumber: '310118199006150012', sampledAt: 'soon', tubeType: 'POOLED', result: 'MAYBE', lab: '', site: '' }),
  ).toEqual(['barcode', 'idNumber', 'sampledAt', 'poolBarcode', 'result', 'lab', 'site']);
});

describe('canonical form (what idempotency compares)', () => {
  test('the same values written differently are the same row', () => {
    const a = canonicalLabRow(GOOD);
    expect(canonicalLabRow({ ...GOOD, barcode: ' qp-20220410-0001', sampledAt: '2022-04-10T00:00:00Z', tubeType: 'single', poolBarcode: '' })).toBe(a);
    expect(canonicalLabRow({ ...GOOD, sampledAt: new Date('2022-04-10T00:00:00Z') })).toBe(a);
  });

  test('any different value is a different row, valid or not', () => {
    const a = canonicalLabRow(GOOD);
    expect(canonicalLabRow({ ...GOOD, result: 'POSITIVE' })).not.toBe(a);
    expect(canonicalLabRow({ ...GOOD, lab: 'qingpu central lab' })).not.toBe(a);
    expect(canonicalLabRow({ ...GOOD, barcode: 'x' })).not.toBe(canonicalLabRow({ ...GOOD, barcode: 'y' }));
  });
});

describe('unreadable fields', () => {
  test('a control character is that field\'s one problem, the value not echoed', () => {
    expect(problemsOf({ barcode: 'QP\u0000123456' })).toEqual([{ field: 'barcode', message: expect.stringContaining('control character (U+0000 at position 2)') }]);
    expect(fieldsOf({ idNumber: '3101\u007f' })).toEqual(['idNumber']);
    expect(fieldsOf({ sampledAt: '2022-04-10T08:00:00\u0085' })).toEqual(['sampledAt']);
  });

  test('lab and site may hold tabs and line breaks, not other control characters', () => {
    expect(validateLabRow({ ...GOOD, site: 'Gate 1\r\n\tnorth side' }, NOW)).toMatchObject({ ok: true, row: { site: 'Gate 1\r\n\tnorth side' } });
    expect(fieldsOf({ lab: 'Central\u001bLab' })).toEqual(['lab']);
  });

  test('a value over 200 characters is refused before it is read', () => {
    expect(problemsOf({ idNumber: '3'.repeat(1_000_000) })).toEqual([{ field: 'idNumber', message: 'idNumber is at most 200 characters (got 1000000).' }]);
  });

  test('a sampledAt before 2020 is the sampledAt\'s problem, not the identity number\'s', () => {
    expect(fieldsOf({ sampledAt: '0001-01-01T00:00:00Z', resultAt: null, result: 'PENDING' })).toEqual(['sampledAt']);
  });
});
