/**
 * Bounded inputs and a clear error for every bad input: strings are limited
 * and free of control characters at the gateway (BAD_USER_INPUT naming the
 * field), a lab batch reports a bad row as that row's rejection and keeps the
 * good rows, and an input's problems are reported all at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1 } from '../support/builders.js';
import { labRow, SUBMIT, type LabRowInput } from '../support/lab-builders.js';
import { startTestPlatform, TEST_ADMIN, tokenFor, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  await platform.gql('{ tags { code } }'); // warm the query planner
});
afterAll(() => platform?.stop());

const SEARCH = `query($text: String) { residents(filter: { text: $text }) { totalCount } }`;

interface Submission {
  accepted: number;
  unmatched: number;
  rejected: { index: number; field: string; message: string }[];
}
let keys = 0;
const submit = async (rows: LabRowInput[]) => {
  const response = await platform.gql<{ submitNucleicAcidResults: Submission }>(SUBMIT, { idempotencyKey: `input-validation-${++keys}`, rows });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.submitNucleicAcidResults;
};
const person = () => platform.seed.identityNumber('1980-01-01', 'MALE');

describe('search text', () => {
  test('a NUL in filter.text is BAD_USER_INPUT naming filter.text (variable and literal)', async () => {
    const viaVariable = await platform.gql(SEARCH, { text: 'Zhang\u0000' });
    expect(viaVariable.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.text' });
    expect(viaVariable.data ?? null).toBeNull();
    const viaLiteral = await platform.gql(`{ residents(filter: { text: "Zh\\u0000" }) { totalCount } }`);
    expect(viaLiteral.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.text' });
  });

  test('1 MB of search text is refused fast, with HTTP 400', async () => {
    const started = performance.now();
    const response = await fetch(platform.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
      body: JSON.stringify({ query: SEARCH, variables: { text: 'x'.repeat(1024 * 1024) } }),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
    expect(performance.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.text' });
    expect(body.errors?.[0]?.message).toMatch(/at most 100 characters/);
    expect(body.errors?.[0]?.message.length).toBeLessThan(300); // the text is not echoed back
  });

  test('100 characters are allowed; a tab is not (one-line text)', async () => {
    expect((await platform.gql(SEARCH, { text: 'x'.repeat(100) })).errors).toBeUndefined();
    expect((await platform.gql(SEARCH, { text: 'a\tb' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.text' });
  });

  test('every problem of the arguments is listed, with its path', async () => {
    const response = await platform.gql(`query($tags: [String!]) { residents(filter: { text: "\\u0007", tagsAny: $tags }) { totalCount } }`, { tags: ['OK', 'x'.repeat(65)] });
    expect(response.errors?.[0]?.extensions?.problems).toEqual([
      { field: 'filter.text', message: expect.stringContaining('control character (U+0007') },
      { field: 'filter.tagsAny[1]', message: expect.stringContaining('at most 64 characters') },
    ]);
  });

  test('notes and reasons keep their line breaks', async () => {
    const response = await platform.gql(`mutation($reason: String!) { tagResident(residentId: "999999", tagCode: "ELDERLY", reason: $reason) { id } }`, { reason: 'line one\nline two' });
    // Refused further on (no such resident or tag), not for the line break.
    expect(response.errors?.[0]?.extensions?.field).not.toBe('reason');
    const tooLong = await platform.gql(`mutation($reason: String!) { tagResident(residentId: "999999", tagCode: "ELDERLY", reason: $reason) { id } }`, { reason: 'x'.repeat(501) });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });
});

describe('lab batches: a bad row is that row\'s error', () => {
  test('a NUL in one row rejects that row (index and field); the good rows are stored', async () => {
    const outcome = await submit([labRow(person()), labRow(person(), { lab: 'Central\u0000Lab' }), labRow(person())]);
    expect(outcome.accepted).toBe(2);
    expect(outcome.rejected).toEqual([{ index: 1, field: 'lab', message: expect.stringContaining('control character (U+0000') }]);
  });

  test('a NUL in a barcode or an identity number is that field\'s one problem', async () => {
    const outcome = await submit([labRow(person(), { barcode: 'QP\u0000123456' }), labRow(`${person().slice(0, 5)}\u0000`)]);
    expect(outcome.accepted).toBe(0);
    expect(outcome.rejected).toEqual([
      { index: 0, field: 'barcode', message: expect.stringContaining('control character') },
      { index: 1, field: 'idNumber', message: expect.stringContaining('control character') },
    ]);
  });

  test('sampledAt 0001-01-01 is an error of sampledAt, not of idNumber', async () => {
    const outcome = await submit([labRow(person(), { sampledAt: '0001-01-01T00:00:00Z' })]);
    expect(outcome.rejected).toEqual([{ index: 0, field: 'sampledAt', message: expect.stringContaining('before') }]);
  });

  test('the same barcode twice in one batch: the later row is rejected, naming the earlier row', async () => {
    const first = labRow(person());
    const outcome = await submit([first, labRow(person()), labRow(person(), { barcode: first.barcode.toLowerCase() })]);
    expect(outcome.accepted).toBe(2);
    expect(outcome.rejected).toEqual([{ index: 2, field: 'barcode', message: expect.stringContaining('row 0') }]);
  });
});

describe('registerResident reports every problem at once', () => {
  test('a bad identity number, a bad phone and an unknown community: three problems, each with its field', async () => {
    const response = await platform.gql(`mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`, {
      input: { name: 'Zhang Wei', idNumber: 'not-an-id', phone: '12345', residencyType: 'FLOATING', communityCode: '310118999999', address: 'Lane 1' },
    });
    expect(response.errors).toHaveLength(1);
    const error = response.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idNumber' });
    expect(error.extensions?.problems).toEqual([
      { field: 'input.idNumber', message: expect.any(String) },
      { field: 'input.phone', message: expect.stringContaining('12345') },
      { field: 'input.communityCode', message: expect.stringContaining('310118999999') },
    ]);
  });

  test('a single problem keeps the single-error shape (field and a one-problem list)', async () => {
    const response = await platform.gql(`mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`, {
      input: { name: 'Zhang Wei', idNumber: platform.seed.identityNumber('1985-03-02', 'MALE'), phone: '12345', residencyType: 'FLOATING', communityCode: COMMUNITY_A1, address: 'Lane 1' },
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phone', problems: [{ field: 'input.phone', message: expect.any(String) }] });
  });

  test('a control character in the name is refused at the gateway, naming input.name', async () => {
    const response = await platform.gql(`mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`, {
      input: { name: 'Zhang\u001bWei', idNumber: platform.seed.identityNumber('1985-03-02', 'MALE'), phone: '13800000000', residencyType: 'FLOATING', communityCode: COMMUNITY_A1, address: 'Lane 1' },
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });
});
