/** The progress lines of a lab-file import (the CLI prints them on stderr): what they say and how often. */

/** What a progress line reports of a pass over the file (lab-file.scan.ts's LabFilePass has these). */
interface RowsRead {
  rows: number;
  rejectedRows: number;
}

const PROGRESS_EVERY_MS = 1_000;

/** True at most once a second: a progress line per second however fast the rows go by. */
export function progressTicker(): () => boolean {
  let lastReport = Date.now();
  return () => {
    if (Date.now() - lastReport < PROGRESS_EVERY_MS) return false;
    lastReport = Date.now();
    return true;
  };
}

/** While reading the file. */
export function readingProgress(pass: RowsRead, started: number): string {
  return `read ${count(pass.rows)} rows (${rate(pass.rows, started)} rows/s), ${count(pass.rejectedRows)} rejected`;
}

/** The file has been read. */
export function readProgress(pass: RowsRead, started: number): string {
  return `read ${count(pass.rows)} rows in ${((Date.now() - started) / 1000).toFixed(1)} s (${rate(pass.rows, started)} rows/s), ${count(pass.rejectedRows)} rejected`;
}

/** After each merged chunk. */
export function mergeProgress(merged: number, staged: number, started: number): string {
  return `merged ${count(merged)} of ${count(staged)} rows (${rate(merged, started)} rows/s)`;
}

/** The last line of an import that staged or merged. */
export function importSummary(resumed: boolean, rows: number, seconds: number, accepted: number, unmatched: number, rejected: number): string {
  return (
    `${resumed ? 'resumed' : 'imported'} ${count(rows)} rows in ${seconds.toFixed(1)} s: ${count(accepted)} accepted ` +
    `(${count(unmatched)} unmatched), ${count(rejected)} rejected`
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function rate(n: number, since: number): string {
  return count(Math.round(n / Math.max(0.001, (Date.now() - since) / 1000)));
}
