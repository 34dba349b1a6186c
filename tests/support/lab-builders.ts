/**
 * Lab result fixtures: rows for submitNucleicAcidResults, CSV files for the
 * import, and reads of what landed in health.samples and health.outbox.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ResultOf, TypedDocumentNode } from '@graphql-typed-document-node/core';
import { asc, eq, inArray } from 'drizzle-orm';
import { ingestBatches, outbox, samples } from '../../subgraphs/health/db.js';
import { LAB_ROW_FIELDS, type LabRowField } from '../../subgraphs/health/ingest/lab-row.js';
import type { Db } from '../../subgraphs/shared/db/database.js';
import { SubmitNucleicAcidResultsDocument } from '../generated/graphql.js';
import type { BuiltResident } from './builders.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

/**
 * The lab tests' platform: events applied only on drainEvents() (an unmatched row stays unmatched until a test
 * registers its person), the region tree, and two registered residents, Alice and Bob.
 */
export async function startLabPlatform(): Promise<{ platform: TestPlatform; alice: BuiltResident; bob: BuiltResident }> {
  const platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  const alice = await platform.seed.resident({ name: 'Alice', birthDate: '1985-03-02' });
  const bob = await platform.seed.resident({ name: 'Bob', birthDate: '1950-11-20', gender: 'MALE' });
  await platform.drainEvents();
  return { platform, alice, bob };
}

/** A row as the API takes it (and as a CSV line carries it): instants as ISO strings. */
export interface LabRowInput {
  barcode: string;
  idNumber: string;
  sampledAt: string;
  tubeType: string;
  poolBarcode: string | null;
  result: string;
  resultAt: string | null;
  lab: string;
  site: string;
}

/**
 * The contract's SubmitNucleicAcidResults, as a lab client sends it: its result typed, its rows
 * loosened to LabRowInput because tests send malformed rows on purpose.
 */
export const SUBMIT = SubmitNucleicAcidResultsDocument as TypedDocumentNode<
  ResultOf<typeof SubmitNucleicAcidResultsDocument>,
  { idempotencyKey: string; rows: LabRowInput[] }
>;

const HOUR = 3_600_000;
let sequence = 0;

/** A unique barcode per call (per test file). */
export function barcode(prefix = 'QP'): string {
  return `${prefix}-${String(++sequence).padStart(8, '0')}`;
}

/** A valid SINGLE NEGATIVE row sampled 3 hours ago, reported an hour ago; override anything. */
export function labRow(idNumber: string, changes: Partial<LabRowInput> = {}): LabRowInput {
  const now = Date.now();
  return {
    barcode: barcode(),
    idNumber,
    sampledAt: new Date(now - 3 * HOUR).toISOString(),
    tubeType: 'SINGLE',
    poolBarcode: null,
    result: 'NEGATIVE',
    resultAt: new Date(now - HOUR).toISOString(),
    lab: 'Qingpu Central Lab',
    site: 'Xiayang sampling point 3',
    ...changes,
  };
}

/** CSV text: a header (the input field names unless given) and one line per row; null is an empty cell. */
export function labCsv(rows: readonly (Partial<Record<LabRowField, string | null>> | string)[], header: readonly string[] = LAB_ROW_FIELDS): string {
  const cell = (value: string | null | undefined) => (value == null ? '' : /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = rows.map((row) => (typeof row === 'string' ? row : header.map((field) => cell(row[field as LabRowField])).join(',')));
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}

/** A fresh temporary folder for a test file's CSV and rejects files. */
export async function labFolder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'lab-files-'));
}

export async function writeLabFile(folder: string, name: string, text: string): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, text);
  return file;
}

export async function samplesOf(db: Db, barcodes: readonly string[]) {
  if (barcodes.length === 0) return [];
  return db.select().from(samples).where(inArray(samples.barcode, [...barcodes])).orderBy(asc(samples.barcode));
}

export async function allSamples(db: Db) {
  return db.select().from(samples).orderBy(asc(samples.barcode));
}

export async function positiveEvents(db: Db) {
  return db.select().from(outbox).where(eq(outbox.topic, 'sample.individual-positive')).orderBy(asc(outbox.id));
}

export async function batchOf(db: Db, key: string) {
  const [batch] = await db.select().from(ingestBatches).where(eq(ingestBatches.idempotencyKey, key));
  return batch ?? null;
}
