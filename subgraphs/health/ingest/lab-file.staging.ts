/**
 * Staging a lab file: under the key's lock, its valid rows are COPYed into
 * ingest_staging and the batch is recorded as STAGED, or nothing is left
 * behind. A run that dies while staging leaves no batch (its staged rows are
 * cleared by the next run).
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../../shared/db/database.js';
import { ingestBatches } from '../db.js';
import { withKeyLock } from './import-lock.js';
import { batchKey, findBatch } from './ingest.commands.js';
import { MAX_STORED_REJECTIONS, type RowRejection } from './ingest.merge.js';
import { STAGING_COLUMNS, STAGING_TABLE } from './ingest.staging.js';
import { fileRequestHash, hashFile } from './lab-file.hash.js';
import type { LabFileOptions } from './lab-file.options.js';
import { RejectsWriter } from './lab-file.rejects.js';
import { scanLabFile, type LabFilePass } from './lab-file.scan.js';

/**
 * The staging step alone: validates the file, COPYs its valid rows into
 * ingest_staging and records the batch as STAGED (not merged). importLabFile
 * does this first; tests call it to stand for a run that died before merging.
 */
export async function stageLabFile(
  database: Database,
  file: string,
  options: LabFileOptions & { contentHash?: string; rejects?: RejectsWriter | null } = {},
): Promise<LabFilePass> {
  const contentHash = options.contentHash ?? (await hashFile(file));
  const key = batchKey(options.key ?? contentHash, options.lab ?? null);
  const ownRejects = options.rejects === undefined && options.rejectsFile ? await RejectsWriter.open(options.rejectsFile) : null;
  try {
    const pass = await stageUnlessRecorded(database, file, { ...options, key, contentHash, rejects: options.rejects ?? ownRejects });
    if (!pass) throw new Error(`A batch with idempotency key "${key}" exists already: import the file instead of staging it.`);
    return pass;
  } finally {
    await ownRejects?.close();
  }
}

/** Stages the file under the key's lock; null when a batch with the key is recorded already (nothing staged). */
export async function stageUnlessRecorded(
  database: Database,
  file: string,
  options: LabFileOptions & { key: string; contentHash: string; rejects: RejectsWriter | null },
): Promise<LabFilePass | null> {
  const { key } = options;
  return withKeyLock(database, key, async (locked) => {
    if (await findBatch(locked, key)) return null;
    // Rows a run that died while staging left behind (it recorded no batch; nobody else stages this key now).
    await database.db.execute(sql`delete from health.ingest_staging where idempotency_key = ${key}`);
    try {
      const stored: RowRejection[] = [];
      const pass = await scanLabFile(file, {
        ...options,
        stage: (csv) => database.copyCsv(STAGING_TABLE, STAGING_COLUMNS, csv),
        onRejected: (index, problems) => {
          for (const problem of problems) if (stored.length < MAX_STORED_REJECTIONS) stored.push({ index, ...problem });
        },
      });
      // Fresh statistics for the merge's queries (a big file can be most of the table).
      if (pass.stagedRows > 10_000) await database.db.execute(sql`analyze health.ingest_staging`);
      await locked.insert(ingestBatches).values({
        idempotencyKey: key,
        requestHash: fileRequestHash(options.contentHash),
        source: options.lab ? `upload:${options.lab}` : `file:${path.basename(file)}`,
        status: 'STAGED',
        rejected: stored,
        deliveredBy: options.lab ?? null,
      });
      return pass;
    } catch (error) {
      // Whatever was copied before the failure is useless without its batch.
      await database.db.execute(sql`delete from health.ingest_staging where idempotency_key = ${key}`).catch(() => {});
      throw error;
    }
  });
}
