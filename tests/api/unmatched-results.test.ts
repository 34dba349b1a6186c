/**
 * unmatchedNucleicAcidResults: lab rows whose identity number matches nobody
 * yet, for the health commission: newest arrival first, paged, identity
 * numbers masked for roles without personal data, refused to viewers scoped
 * below the district; a row leaves the list once its person is registered.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { maskIdNumber } from '../../subgraphs/shared/auth/masking.js';
import { UnmatchedResultsDocument } from '../generated/graphql.js';
import { expectError, ok } from '../support/assertions.js';
import { DISTRICT, TOWN_A, type BuiltResident } from '../support/builders.js';
import { labRow, startLabPlatform, SUBMIT } from '../support/lab-builders.js';
import { asViewer, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let alice: BuiltResident;
const strangers: string[] = [];
const barcodes: string[] = [];

beforeAll(async () => {
  ({ platform, alice } = await startLabPlatform());
  strangers.push(platform.seed.identityNumber('1979-04-05', 'MALE'), platform.seed.identityNumber('1992-12-30', 'FEMALE'));
  // Delivered one after another, so their arrival order is the list's (reversed).
  for (const idNumber of [strangers[0]!, alice.idNumber, strangers[1]!]) {
    const row = labRow(idNumber, { result: idNumber === strangers[1] ? 'POSITIVE' : 'NEGATIVE' });
    barcodes.push(row.barcode);
    ok(await platform.gql(SUBMIT, { idempotencyKey: `unmatched-${row.barcode}`, rows: [row] }));
  }
});
afterAll(() => platform?.stop());

const PAGE = `query($first: Int, $after: String) {
  unmatchedNucleicAcidResults(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { barcode } } }
}`;

test('the rows that matched nobody, newest arrival first, with what the lab sent', async () => {
  const data = await platform.data(UnmatchedResultsDocument, { first: 10 });
  expect(data.unmatchedNucleicAcidResults.totalCount).toBe(2);
  expect(data.unmatchedNucleicAcidResults.edges.map((edge) => edge.node)).toEqual([
    { barcode: barcodes[2], idNumber: strangers[1], sampledAt: expect.any(String), result: 'POSITIVE', lab: 'Qingpu Central Lab', receivedAt: expect.any(String) },
    { barcode: barcodes[0], idNumber: strangers[0], sampledAt: expect.any(String), result: 'NEGATIVE', lab: 'Qingpu Central Lab', receivedAt: expect.any(String) },
  ]);
});

test('pages follow one another; a bad cursor or page size is BAD_USER_INPUT', async () => {
  const first = (await platform.data(PAGE, { first: 1 })).unmatchedNucleicAcidResults;
  expect(first).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { barcode: barcodes[2] } }] });
  const second = (await platform.data(PAGE, { first: 1, after: first.pageInfo.endCursor })).unmatchedNucleicAcidResults;
  expect(second).toMatchObject({ pageInfo: { hasNextPage: false }, edges: [{ node: { barcode: barcodes[0] } }] });
  expectError(await platform.gql(PAGE, { first: 1, after: 'nonsense' }), 'BAD_USER_INPUT', { field: 'after' });
  expectError(await platform.gql(PAGE, { first: 501 }), 'BAD_USER_INPUT', { field: 'first' });
});

test('an analyst sees identity numbers masked; viewers below the district and partners are refused', async () => {
  const analyst = ok(await platform.gql(UnmatchedResultsDocument, { first: 10 }, asViewer({ id: 'analyst', role: 'ANALYST', regionCode: DISTRICT })));
  expect(analyst.unmatchedNucleicAcidResults.edges.map((edge) => edge.node.idNumber)).toEqual([maskIdNumber(strangers[1]!), maskIdNumber(strangers[0]!)]);
  expectError(await platform.gql(UnmatchedResultsDocument, {}, asViewer({ id: 'town', role: 'TOWN_OFFICER', regionCode: TOWN_A })), 'FORBIDDEN');
  expectError(await platform.gql(UnmatchedResultsDocument, {}, asViewer({ id: 'town-analyst', role: 'ANALYST', regionCode: TOWN_A })), 'FORBIDDEN');
  const lab = await platform.gql(UnmatchedResultsDocument, {}, asViewer({ id: 'lab', role: 'LAB_PARTNER', regionCode: DISTRICT }));
  expect(lab.errors).toBeDefined();
  expect(lab.data?.unmatchedNucleicAcidResults).toBeUndefined();
});

test('registering the person links their row: it leaves the list', async () => {
  await platform.seed.resident({ idNumber: strangers[0], birthDate: '1979-04-05', gender: 'MALE' });
  await platform.drainEvents();
  const data = await platform.data(UnmatchedResultsDocument, { first: 10 });
  expect(data.unmatchedNucleicAcidResults.totalCount).toBe(1);
  expect(data.unmatchedNucleicAcidResults.edges.map((edge) => edge.node.barcode)).toEqual([barcodes[2]]);
});
