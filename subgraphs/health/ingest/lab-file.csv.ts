/** Streaming a lab file's CSV records, with the line each starts on (for the rejects file). */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { headerColumns } from './lab-file.header.js';
import { LAB_ROW_FIELDS, type LabRowField, type RawLabRow, type RowProblem } from './lab-row.js';

interface LabRecord {
  /** Data-row number from 0 (the header is not a row). */
  index: number;
  /** Line of the file where the record starts. */
  line: number;
  raw: RawLabRow;
  /** Problems found before validation (a record with the wrong number of fields). */
  problems: RowProblem[] | null;
  /** The record as written in the file. */
  original: string;
}

const RECORD_BATCH = 1_000;

/**
 * Streams a lab file's records, a batch at a time (a promise per record would
 * cost more than the parsing), with the line each starts on; the header
 * decides which column is which field. Empty lines are skipped.
 */
export async function* readLabRecords(file: string): AsyncGenerator<LabRecord[]> {
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  // raw (the record's text, delimiter included) lets us count lines ourselves: csv-parse's `info` would double the parsing time.
  const parser = input.pipe(parse({ bom: true, raw: true, relax_quotes: true, relax_column_count: true }));
  input.on('error', (error) => parser.destroy(error)); // pipe() does not pass a read error on
  let columns: LabRowField[] | null = null;
  let index = 0;
  let lines = 0;
  let batch: LabRecord[] = [];
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const line = lines + 1;
      lines += lineBreaks(raw);
      if (record.length === 1 && record[0] === '') continue; // an empty line
      if (!columns) {
        columns = headerColumns(record);
        continue;
      }
      const original = raw.replace(/[\r\n]+$/, '');
      if (record.length !== columns.length) {
        const problems: RowProblem[] = [{ field: 'row', message: `This row has ${record.length} fields; the header has ${columns.length}.` }];
        batch.push({ index: index++, line, raw: {}, problems, original });
      } else {
        const row: Partial<Record<LabRowField, string | null>> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]!] = record[i] === '' ? null : record[i]!;
        batch.push({ index: index++, line, raw: row, problems: null, original });
      }
      if (batch.length >= RECORD_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } finally {
    input.destroy();
  }
  if (batch.length > 0) yield batch;
  if (!columns) throw new Error(`${file} is empty: a lab file starts with a header row (${LAB_ROW_FIELDS.join(',')}).`);
}

/**
 * Line breaks in a record's raw text. csv-parse keeps only the first character
 * of a record delimiter in `raw` (a CRLF file's records end in a lone \r),
 * while a break inside a quoted field is kept whole: count \n, and \r not
 * followed by \n.
 */
function lineBreaks(raw: string): number {
  let breaks = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10 || (c === 13 && raw.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}
