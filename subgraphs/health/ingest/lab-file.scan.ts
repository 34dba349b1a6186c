/**
 * One pass over a lab file: every row validated with the API's validator,
 * rejected rows reported (and written to the rejects file), valid ones turned
 * into COPY text for ingest_staging.
 */
import { readLabRecords } from './lab-file.csv.js';
import type { LabFileOptions } from './lab-file.options.js';
import { progressTicker, readingProgress, readProgress } from './lab-file.progress.js';
import type { RejectsWriter } from './lab-file.rejects.js';
import { stagingCsvLine } from './ingest.staging.js';
import { validateLabRow, type RowProblem } from './lab-row.js';

export interface LabFilePass {
  key: string;
  /** Data rows read (the header excluded). */
  rows: number;
  /** Rows that failed validation (each with one or more problems). */
  rejectedRows: number;
  /** Rows staged for the merge. */
  stagedRows: number;
  /** Indexes of the rows that failed validation. */
  rejectedIndexes: Set<number>;
}

const COPY_CHUNK_CHARS = 256 * 1024;

/** Reads the file once: validates every row, reports rejected ones, and hands valid ones to `stage` as COPY text (if given). */
export async function scanLabFile(
  file: string,
  options: LabFileOptions & {
    key: string;
    stage: ((csv: AsyncIterable<string>) => Promise<void>) | null;
    rejects?: RejectsWriter | null;
    onRejected?: (index: number, problems: RowProblem[]) => void;
  },
): Promise<LabFilePass> {
  const now = options.now ?? new Date();
  const pass: LabFilePass = { key: options.key, rows: 0, rejectedRows: 0, stagedRows: 0, rejectedIndexes: new Set() };
  const started = Date.now();
  const progressDue = progressTicker();
  let failure: unknown = null;

  async function* rowsToStage(): AsyncGenerator<string> {
    let chunk = '';
    try {
      for await (const batch of readLabRecords(file)) {
        for (const record of batch) {
          const check = record.problems ? { ok: false as const, problems: record.problems } : validateLabRow(record.raw, now);
          if (check.ok) {
            pass.stagedRows++;
            if (options.stage) chunk += stagingCsvLine(options.key, record.index, check.row);
          } else {
            pass.rejectedRows++;
            pass.rejectedIndexes.add(record.index);
            options.onRejected?.(record.index, check.problems);
            await options.rejects?.write(record.line, check.problems, record.original);
          }
        }
        pass.rows += batch.length;
        if (chunk.length >= COPY_CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
        options.onRows?.('reading', pass.rows);
        if (options.onProgress && progressDue()) options.onProgress(readingProgress(pass, started));
      }
    } catch (error) {
      // End the COPY cleanly (a COPY left open would hold its connection); the caller throws after it.
      failure = error;
    }
    if (chunk) yield chunk;
  }

  if (options.stage) await options.stage(rowsToStage());
  else for await (const chunk of rowsToStage()) void chunk;
  if (failure) throw failure;
  options.onProgress?.(readProgress(pass, started));
  return pass;
}
