/**
 * Lab deliveries as CSV files (hundreds of MB): the same validator and the
 * same merge as the API, with the file streamed and never held whole.
 *
 *   header row: barcode,idNumber,sampledAt,tubeType,poolBarcode,result,resultAt,lab,site (any order)
 *
 * An import is: hash the file (the default idempotency key; lab-file.hash),
 * stream it once (lab-file.csv, lab-file.scan: validate each row, write
 * rejected rows to the rejects file, lab-file.rejects; COPY valid rows into
 * ingest_staging), record the batch as STAGED (lab-file.staging), then merge
 * in chunks (ingest.merge).
 * Crash safety: a run that dies while staging leaves no batch (its staged
 * rows are cleared by the next run); a run that dies after staging finds the
 * STAGED batch next time and only finishes the merge; a MERGED batch is
 * reported and left alone. Two imports of one key at the same moment take
 * turns (import-lock): the second finds the first one's batch.
 */
import type { Database } from '../../shared/db/database.js';
import { batchKey, findBatch, keyConflict, type IngestBatchRow } from './ingest.commands.js';
import { mergeBatch, outcomeOf } from './ingest.merge.js';
import { fileRequestHash, hashFile } from './lab-file.hash.js';
import type { LabFileOptions } from './lab-file.options.js';
import { importSummary, mergeProgress } from './lab-file.progress.js';
import { mergeProblemsOf, RejectsWriter, writeMergeRejects } from './lab-file.rejects.js';
import { scanLabFile } from './lab-file.scan.js';
import { stageUnlessRecorded } from './lab-file.staging.js';

// The entry points besides importLabFile (tests stage alone to stand for a run that died before merging).
export { hashFile } from './lab-file.hash.js';
export { stageLabFile } from './lab-file.staging.js';

export interface LabFileImport {
  key: string;
  /** imported: staged and merged now; resumed: an interrupted import's STAGED batch merged now; already-imported: nothing to do. */
  status: 'imported' | 'resumed' | 'already-imported';
  /** Data rows read in this run (0 when already imported). */
  rows: number;
  /** The batch's rows stored in samples, and of those the unmatched ones. */
  accepted: number;
  unmatched: number;
  /** Rows rejected in this run (validation and merge); for an already imported file, the stored problems' rows. */
  rejectedRows: number;
  seconds: number;
}

/** Imports a lab file: stage (unless an interrupted run already did) and merge. */
export async function importLabFile(database: Database, file: string, options: LabFileOptions = {}): Promise<LabFileImport> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const contentHash = await hashFile(file);
  const key = options.key ?? contentHash;
  const storedKey = batchKey(key, options.lab ?? null);
  const alreadyImported = (batch: IngestBatchRow): LabFileImport => {
    const outcome = outcomeOf(batch);
    options.onProgress?.(`${file} was already imported (key ${key}); nothing to do`);
    const rejectedRows = new Set(outcome.rejected.map((r) => r.index)).size;
    return { key, status: 'already-imported', rows: 0, accepted: outcome.accepted, unmatched: outcome.unmatched, rejectedRows, seconds: seconds() };
  };
  const check = (batch: IngestBatchRow | null) => {
    if (batch && batch.requestHash !== fileRequestHash(contentHash)) throw keyConflict(key);
    return batch;
  };

  const found = check(await findBatch(database.db, storedKey));
  if (found?.status === 'MERGED') return alreadyImported(found);

  const rejects = options.rejectsFile ? await RejectsWriter.open(options.rejectsFile) : null;
  try {
    let pass = found ? null : await stageUnlessRecorded(database, file, { ...options, key: storedKey, contentHash, rejects });
    const resumed = pass === null;
    if (resumed) {
      // A STAGED batch: an earlier run died before its merge finished (or a concurrent run staged it just now).
      // Its rows are staged; read the file again only to write the rejects file.
      const batch = check(await findBatch(database.db, storedKey))!;
      if (batch.status === 'MERGED') return alreadyImported(batch);
      pass = await scanLabFile(file, { ...options, key: storedKey, stage: null, rejects });
    }
    const staged = pass!;

    const mergeStarted = Date.now();
    options.onRows?.('merging', 0);
    const merge = await mergeBatch(database.db, storedKey, {
      chunkRows: options.mergeChunkRows,
      onProgress: (merged) => {
        options.onRows?.('merging', merged);
        options.onProgress?.(mergeProgress(merged, staged.stagedRows, mergeStarted));
      },
    });

    const mergeProblems = mergeProblemsOf(merge, staged.rejectedIndexes);
    if (rejects) await writeMergeRejects(rejects, file, mergeProblems);
    const rejectedRows = staged.rejectedRows + mergeProblems.size;
    options.onProgress?.(importSummary(resumed, staged.rows, seconds(), merge.outcome.accepted, merge.outcome.unmatched, rejectedRows));
    return {
      key,
      status: resumed ? 'resumed' : 'imported',
      rows: staged.rows,
      accepted: merge.outcome.accepted,
      unmatched: merge.outcome.unmatched,
      rejectedRows,
      seconds: seconds(),
    };
  } finally {
    await rejects?.close();
  }
}
