/**
 * Partners (LAB_PARTNER, PERMIT_BUREAU): trusted documents sent by hash, the
 * rate limit per credential, lab files uploaded over HTTP (POST /lab-files,
 * then labImport), and a lab's keys and samples being its own.
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadPartnerDocuments, type TrustedDocument } from '../../gateway/partners/trusted-documents.js';
import { batchKey } from '../../subgraphs/health/ingest/ingest.commands.js';
import { type BuiltResident } from '../support/builders.js';
import { batchOf, labCsv, labRow, samplesOf, startLabPlatform, SUBMIT, type LabRowInput } from '../support/lab-builders.js';
import { errorOf, startTestPlatform, tokenFor, type TestPlatform, type TestViewer } from '../support/platform.js';

const LAB_A: TestViewer = { id: 'lab-a', role: 'LAB_PARTNER', regionCode: '310118' };
const LAB_B: TestViewer = { id: 'lab-b', role: 'LAB_PARTNER', regionCode: '310118' };
const BUREAU: TestViewer = { id: 'permit-bureau', role: 'PERMIT_BUREAU', regionCode: '310118' };
const ANALYST: TestViewer = { id: 'analyst', role: 'ANALYST', regionCode: '310118' };
const ADMIN: TestViewer = { id: 'test-admin', role: 'DISTRICT_ADMIN', regionCode: '310118' };

const documents = [...loadPartnerDocuments().values()];
function trusted(name: string): TrustedDocument {
  const document = documents.find((d) => d.operationName === name);
  if (!document) throw new Error(`No trusted document ${name}`);
  return document;
}
const byHash = (name: string, variables?: Record<string, unknown>) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: trusted(name).hash } }, variables });
const byDocumentId = (name: string, variables?: Record<string, unknown>) => ({ documentId: `sha256:${trusted(name).hash}`, variables });

let platform: TestPlatform;
let alice: BuiltResident;
let bob: BuiltResident;

beforeAll(async () => {
  ({ platform, alice, bob } = await startLabPlatform());
});
afterAll(async () => {
  await platform?.stop();
});

const db = () => platform.test.database.db;
const origin = () => platform.gateway.url.replace(/\/graphql$/, '');

interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function post(body: unknown, viewer: TestViewer, url = platform.gateway.url): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(viewer)}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function upload(csv: string, viewer: TestViewer | null, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${origin()}/lab-files`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(viewer ? { authorization: `Bearer ${await tokenFor(viewer)}` } : {}), ...headers },
    body: csv,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** labImport by its trusted hash, until it is DONE or FAILED. */
async function finished(id: string, viewer: TestViewer) {
  for (let attempt = 0; attempt < 150; attempt++) {
    const answer = await post(byHash('LabImport', { id }), viewer);
    expect(answer.body.errors).toBeUndefined();
    const view = answer.body.data.labImport;
    if (!view || view.status === 'DONE' || view.status === 'FAILED') return view;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Import ${id} did not finish`);
}

describe('trusted documents', () => {
  test('every trusted document validates against the API and is named by the sha256 of its printed text', async () => {
    const { createHash } = await import('node:crypto');
    expect(documents.map((d) => d.operationName)).toEqual(expect.arrayContaining(['SubmitNucleicAcidResults', 'LabImport', 'Enterprises', 'ApplyWorkPermit', 'ApproveWorkPermit', 'RegisterEnterprise', 'ResumedWorkers']));
    for (const document of documents) expect(document.hash).toBe(createHash('sha256').update(document.text).digest('hex'));
  });

  test('a partner\'s query text is refused with 403 FORBIDDEN (reason PERSISTED_QUERY_REQUIRED), and nothing runs', async () => {
    const row = labRow(alice.idNumber);
    const lab = await post({ query: print(SUBMIT), variables: { idempotencyKey: 'text-1', rows: [row] } }, LAB_A);
    expect(lab.status, JSON.stringify(lab.body)).toBe(403);
    expect(errorOf(lab.body)?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED' });
    expect(await samplesOf(db(), [row.barcode])).toEqual([]);

    const bureau = await post({ query: trusted('Regions').text }, BUREAU);
    expect(bureau.status).toBe(403);
    expect(errorOf(bureau.body)?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED' });
    // Even the trusted text itself, with its hash: partners send the hash alone.
    const both = await post({ query: trusted('Regions').text, ...byHash('Regions') }, BUREAU);
    expect(both.status).toBe(403);
    expect(both.body.data ?? null).toBeNull();
  });

  test('a known hash runs, by Apollo persisted query or by documentId', async () => {
    const row = labRow(alice.idNumber);
    const submitted = await post(byHash('SubmitNucleicAcidResults', { idempotencyKey: 'hash-1', rows: [row] }), LAB_A);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ data: { submitNucleicAcidResults: { accepted: 1, unmatched: 0, rejected: [] } } });

    const regions = await post(byDocumentId('Regions', { level: 'DISTRICT' }), BUREAU);
    expect(regions.status).toBe(200);
    expect(regions.body.data.regions).toEqual([expect.objectContaining({ code: '310118' })]);
    const bare = await post({ documentId: trusted('Regions').hash, variables: { level: 'DISTRICT' } }, BUREAU);
    expect(bare.body.data.regions).toHaveLength(1);
  });

  test('an unknown hash is refused with 403 FORBIDDEN (reason PERSISTED_QUERY_UNKNOWN)', async () => {
    const unknown = 'f'.repeat(64);
    for (const body of [{ extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } }, { documentId: unknown }]) {
      const answer = await post(body, LAB_A);
      expect(answer.status).toBe(403);
      expect(errorOf(answer.body)?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_UNKNOWN' });
    }
  });

  test('a trusted document outside the role\'s fields is still refused by the role check', async () => {
    const answer = await post(byHash('SubmitNucleicAcidResults', { idempotencyKey: 'bureau-1', rows: [labRow(alice.idNumber)] }), BUREAU);
    expect(answer.status).toBe(403);
    expect(errorOf(answer.body)?.extensions?.code).toBe('FORBIDDEN');
  });

  test('other roles still send text, and may use the hashes', async () => {
    const text = await post({ query: '{ regions(level: DISTRICT) { code } }' }, ANALYST);
    expect(text.status).toBe(200);
    expect(text.body.data.regions).toEqual([{ code: '310118' }]);
    const hashed = await post(byDocumentId('Regions', { level: 'DISTRICT' }), ANALYST);
    expect(hashed.body.data.regions).toHaveLength(1);
    const apq = await post(byHash('Regions', { level: 'DISTRICT' }), ADMIN);
    expect(apq.body.data.regions).toHaveLength(1);
    const unknown = await post({ documentId: 'e'.repeat(64) }, ADMIN);
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown.body)?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('a lab\'s keys and samples are its own', () => {
  const submit = (viewer: TestViewer, idempotencyKey: string, rows: LabRowInput[]) =>
    post(byHash('SubmitNucleicAcidResults', { idempotencyKey, rows }), viewer).then((answer) => answer.body);

  test('two labs may use the same key for different deliveries', async () => {
    const rowsA = [labRow(alice.idNumber)];
    const rowsB = [labRow(bob.idNumber)];
    expect((await submit(LAB_A, 'delivery-1', rowsA)).data.submitNucleicAcidResults).toMatchObject({ accepted: 1 });
    expect((await submit(LAB_B, 'delivery-1', rowsB)).data.submitNucleicAcidResults).toMatchObject({ accepted: 1 });
    // Each lab's re-send is its own idempotent re-send; another lab's rows under the key stay a conflict for that lab only.
    expect((await submit(LAB_A, 'delivery-1', rowsA)).data.submitNucleicAcidResults).toMatchObject({ accepted: 1 });
    expect(errorOf(await submit(LAB_A, 'delivery-1', rowsB))?.extensions?.code).toBe('CONFLICT');
    expect((await batchOf(db(), batchKey('delivery-1', 'lab-a')))?.deliveredBy).toBe('lab-a');
    expect((await batchOf(db(), batchKey('delivery-1', 'lab-b')))?.deliveredBy).toBe('lab-b');
    expect(await batchOf(db(), 'delivery-1')).toBeNull();
    // The district's own keys may not pose as a lab's.
    const posing = await platform.gql(SUBMIT, { idempotencyKey: 'lab:lab-a:delivery-1', rows: rowsB });
    expect(errorOf(posing)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  test('a lab cannot change a sample another lab delivered: that row is rejected naming the barcode, the others are stored', async () => {
    const first = labRow(alice.idNumber, { result: 'NEGATIVE' });
    await submit(LAB_A, 'owner-1', [first]);
    const other = labRow(bob.idNumber);
    const outcome = (await submit(LAB_B, 'owner-2', [{ ...first, result: 'INVALID', site: 'Somewhere else' }, other])).data.submitNucleicAcidResults;
    expect(outcome).toMatchObject({ accepted: 1, rejected: [{ index: 0, field: 'barcode' }] });
    expect(outcome.rejected[0].message).toContain(first.barcode);
    const [stored] = await samplesOf(db(), [first.barcode]);
    expect(stored).toMatchObject({ result: 'NEGATIVE', site: first.site, deliveredBy: 'lab-a' });
    expect((await samplesOf(db(), [other.barcode]))[0]).toMatchObject({ deliveredBy: 'lab-b' });

    // Its own lab may update it; the district may correct it (the sample stays the lab's).
    expect((await submit(LAB_A, 'owner-3', [{ ...first, result: 'INVALID' }])).data.submitNucleicAcidResults).toMatchObject({ accepted: 1, rejected: [] });
    expect((await platform.data(SUBMIT, { idempotencyKey: 'district-fix-1', rows: [{ ...first, site: 'Corrected site' }] })).submitNucleicAcidResults).toMatchObject({ accepted: 1 });
    expect((await samplesOf(db(), [first.barcode]))[0]).toMatchObject({ result: 'NEGATIVE', site: 'Corrected site', deliveredBy: 'lab-a' });

    // Samples the district delivered (seeded, imported, or by an administrator) are not a lab's to change.
    const district = labRow(bob.idNumber);
    await platform.data(SUBMIT, { idempotencyKey: 'district-1', rows: [district] });
    expect((await submit(LAB_A, 'owner-4', [{ ...district, result: 'INVALID' }])).data.submitNucleicAcidResults).toMatchObject({ accepted: 0, rejected: [{ field: 'barcode' }] });
  });
});

describe('lab files over HTTP', () => {
  test('POST /lab-files needs a token (401), a lab or an administrator (403), and text/csv (415)', async () => {
    const csv = labCsv([labRow(alice.idNumber)]);
    expect((await upload(csv, null)).status).toBe(401);
    const analyst = await upload(csv, ANALYST);
    expect(analyst.status).toBe(403);
    expect(analyst.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const json = await upload(csv, LAB_A, { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    expect(json.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const get = await fetch(`${origin()}/lab-files`, { headers: { authorization: `Bearer ${await tokenFor(LAB_A)}` } });
    expect(get.status).toBe(405);
  });

  test('an upload is imported like import:lab; labImport shows its outcome, to its lab only', async () => {
    const stranger = platform.seed.identityNumber('1970-01-01', 'MALE');
    const taken = labRow(bob.idNumber);
    await post(byHash('SubmitNucleicAcidResults', { idempotencyKey: 'taken-1', rows: [taken] }), LAB_B);
    const rows = [labRow(alice.idNumber), labRow(stranger), { ...labRow(alice.idNumber), barcode: 'x' }, { ...taken, result: 'INVALID' }];
    const csv = labCsv(rows);

    const accepted = await upload(csv, LAB_A);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ id: expect.any(String), idempotencyKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const view = await finished(accepted.body.id, LAB_A);
    expect(view).toMatchObject({ status: 'DONE', rowsRead: 4, accepted: 2, unmatched: 1, rejectedRows: 2, error: null, idempotencyKey: accepted.body.idempotencyKey });
    expect(view.rejected).toEqual([expect.objectContaining({ index: 2, field: 'barcode' }), expect.objectContaining({ index: 3, field: 'barcode' })]);
    expect(view.rejected[1].message).toContain(taken.barcode);
    expect((await samplesOf(db(), [rows[0]!.barcode, rows[1]!.barcode])).map((s) => s.deliveredBy)).toEqual(['lab-a', 'lab-a']);
    expect((await samplesOf(db(), [taken.barcode]))[0]).toMatchObject({ result: 'NEGATIVE', deliveredBy: 'lab-b' });

    // Another lab does not see it; an administrator does.
    expect((await post(byHash('LabImport', { id: accepted.body.id }), LAB_B)).body.data.labImport).toBeNull();
    const admin = await platform.data('query ($id: ID!) { labImport(id: $id) { status accepted } }', { id: accepted.body.id });
    expect(admin.labImport).toEqual({ status: 'DONE', accepted: 2 });

    // The same file again: the same id, nothing changes.
    const again = await upload(csv, LAB_A);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(accepted.body.id);
    expect(await finished(again.body.id, LAB_A)).toMatchObject({ status: 'DONE', accepted: 2, unmatched: 1 });

    // Another lab uploading the very same file has its own key (its own import), and may not touch lab A's samples.
    const other = await upload(csv, LAB_B);
    expect(other.status).toBe(202);
    expect(other.body.id).not.toBe(accepted.body.id);
    expect(await finished(other.body.id, LAB_B)).toMatchObject({ status: 'DONE', accepted: 1, rejectedRows: 3 });
  });

  test('the Idempotency-Key header names the delivery: the same key for another file is 409', async () => {
    const first = await upload(labCsv([labRow(alice.idNumber)]), LAB_A, { 'idempotency-key': 'upload-key-1' });
    expect(first.status).toBe(202);
    expect(first.body.idempotencyKey).toBe('upload-key-1');
    expect(await finished(first.body.id, LAB_A)).toMatchObject({ status: 'DONE', accepted: 1 });
    const conflict = await upload(labCsv([labRow(bob.idNumber)]), LAB_A, { 'idempotency-key': 'upload-key-1' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors[0].extensions.code).toBe('CONFLICT');
    // Lab B's key of the same name is its own.
    const b = await upload(labCsv([labRow(bob.idNumber)]), LAB_B, { 'idempotency-key': 'upload-key-1' });
    expect(b.status).toBe(202);
    expect(await finished(b.body.id, LAB_B)).toMatchObject({ status: 'DONE', accepted: 1 });
  });
});

describe('rate limit per credential', () => {
  let limited: TestPlatform;
  beforeAll(async () => {
    limited = await startTestPlatform({ pollEvents: false, rateLimits: { staff: { perMinute: 6_000, burst: 50 }, partner: { perMinute: 60, burst: 2 } } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  test('over its limit a credential gets 429 with Retry-After and RATE_LIMITED, others are unaffected, and it recovers', async () => {
    const regions = () => byDocumentId('Regions', { level: 'DISTRICT' });
    expect((await post(regions(), BUREAU, limited.gateway.url)).status).toBe(200);
    expect((await post(regions(), BUREAU, limited.gateway.url)).status).toBe(200);
    const refused = await post(regions(), BUREAU, limited.gateway.url);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(errorOf(refused.body)?.extensions?.code).toBe('RATE_LIMITED');

    // Another partner credential and staff have their own buckets.
    expect((await post(regions(), { ...BUREAU, id: 'another-bureau' }, limited.gateway.url)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await post({ query: '{ regions(level: DISTRICT) { code } }' }, ANALYST, limited.gateway.url)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 50));
    expect((await post(regions(), BUREAU, limited.gateway.url)).status).toBe(200);
  });
});
