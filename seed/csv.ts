/**
 * CSV text for PostgreSQL's COPY ... (format csv), the only bulk-load path.
 * In that format an unquoted empty field is NULL and a quoted one ("") is an
 * empty string, so null and '' must be written differently.
 */

export type CsvValue = string | number | null;

// Quote anything COPY could misread: separators, quotes, line breaks, the
// empty string (else NULL) and the end-of-data marker \. on its own.
const NEEDS_QUOTES = /[",\r\n]|^$|^\\\.$/;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record, newline included. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + '\n';
}

/**
 * Joins records into chunks of `rowsPerChunk`, so a large table streams to
 * COPY in pieces of bounded size instead of as one string.
 */
export async function* csvChunks(records: Iterable<string>, rowsPerChunk = 5000): AsyncGenerator<string> {
  let chunk: string[] = [];
  for (const record of records) {
    chunk.push(record);
    if (chunk.length === rowsPerChunk) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('');
}
