/** What a caller can set for a lab-file import (the CLI's flags, and tests' clock and chunk size). */
export interface LabFileOptions {
  /** Idempotency key; default: the sha256 of the file's content, so re-importing a file changes nothing. */
  key?: string;
  /** Where to write rejected rows (CSV: line, field, message, original); none when absent. */
  rejectsFile?: string;
  /** The clock rows are checked against (tests). */
  now?: Date;
  /** Progress lines (the CLI prints them on stderr). */
  onProgress?: (message: string) => void;
  /** Row indexes merged per transaction. */
  mergeChunkRows?: number;
  /** The lab partner (its credential's sub) delivering the file: the key is scoped to it and it changes only its own samples. Absent: the district's own import. */
  lab?: string | null;
  /** Rows read so far (while reading) and merged so far (while merging), for progress reports (the HTTP upload's status). */
  onRows?: (phase: 'reading' | 'merging', rows: number) => void;
}
