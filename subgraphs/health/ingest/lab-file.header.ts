/** A lab file's header row: which column is which field (any order), or why the header does not fit. */
import { LAB_ROW_FIELDS, type LabRowField } from './lab-row.js';

/** Header names are matched without regard to case, spaces, '_' or '-'. */
const COLUMN_NAMES = new Map<string, LabRowField>(LAB_ROW_FIELDS.map((field) => [field.toLowerCase(), field]));

export function headerColumns(header: string[]): LabRowField[] {
  const columns = header.map((name) => COLUMN_NAMES.get(name.trim().replace(/[\s_-]/g, '').toLowerCase()));
  const unknown = header.filter((_, i) => columns[i] === undefined);
  const missing = LAB_ROW_FIELDS.filter((field) => !columns.includes(field));
  const repeated = LAB_ROW_FIELDS.filter((field) => columns.filter((c) => c === field).length > 1);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const problems = [
      unknown.length > 0 ? `unknown column(s) ${unknown.map((name) => `"${name}"`).join(', ')}` : '',
      missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
      repeated.length > 0 ? `repeated column(s) ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    throw new Error(`The header row does not fit: ${problems.join('; ')}. Expected the columns ${LAB_ROW_FIELDS.join(',')} (any order).`);
  }
  return columns as LabRowField[];
}
