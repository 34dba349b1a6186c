/**
 * One lab result row, as a lab delivers it (API batch or CSV file): the pure
 * rules that turn it into a normalized row or a list of problems, each naming
 * its field. No I/O: both doors (the mutation and the file import) call
 * validateLabRow, and tests call it directly.
 */
import { parseIdentityNumber } from '../../shared/identity.js';

/** The fields of a row, in the order of the API input and of a file's columns. */
export const LAB_ROW_FIELDS = ['barcode', 'idNumber', 'sampledAt', 'tubeType', 'poolBarcode', 'result', 'resultAt', 'lab', 'site'] as const;
export type LabRowField = (typeof LAB_ROW_FIELDS)[number];

export const TUBE_TYPES = ['SINGLE', 'POOLED'] as const;
export const TEST_RESULTS = ['PENDING', 'NEGATIVE', 'POSITIVE', 'INVALID'] as const;
export type TubeTypeValue = (typeof TUBE_TYPES)[number];
export type TestResultValue = (typeof TEST_RESULTS)[number];

/**
 * A row as received. From the API, instants are Dates and enums are checked
 * by GraphQL already; from a file everything is text (an empty cell is null).
 */
export type RawLabRow = { readonly [K in LabRowField]?: string | Date | null };

/** A valid row, normalized (trimmed, upper-cased codes, instants as Dates). */
export interface LabRow {
  barcode: string;
  idNumber: string;
  sampledAt: Date;
  tubeType: TubeTypeValue;
  poolBarcode: string | null;
  result: TestResultValue;
  resultAt: Date | null;
  lab: string;
  site: string;
}

/** One problem of a row. `row` is for a file record that could not be read as a row at all. */
export interface RowProblem {
  field: LabRowField | 'row';
  message: string;
}

export type LabRowCheck = { ok: true; row: LabRow } | { ok: false; problems: RowProblem[] };

/** Tube barcodes: 6 to 32 letters, digits and hyphens, starting with a letter or digit (after trimming and upper-casing). */
export const BARCODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{5,31}$/;
const MAX_TEXT = 200;
/** Longest value any field may hold before it is read at all (a code, an instant, a lab's name): bounded work and messages. */
export const MAX_FIELD_LENGTH = 200;
/**
 * No SARS-CoV-2 nucleic-acid sample is older than this: an earlier sampledAt
 * (e.g. 0001-01-01, a default date) is the sampledAt's fault, not the
 * identity number's.
 */
export const EARLIEST_SAMPLED_AT = new Date('2020-01-01T00:00:00+08:00');
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** lab and site are free text (a file may quote a line break in them): tab, CR and LF are allowed there. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Instants in files: ISO 8601 date and time ("2022-04-01T08:30:00+08:00",
 * "2022-04-01 08:30", seconds and fractions optional). Without an offset the
 * time is read as Asia/Shanghai (UTC+8), the district's clock.
 */
const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Validates one row at `now` (sampling and result times may not be after it). */
export function validateLabRow(received: RawLabRow, now: Date): LabRowCheck {
  const problems: RowProblem[] = [];
  // A field that cannot be read (control characters, far too long) is that field's one problem; its other checks are skipped.
  const unreadable = new Set<LabRowField>();
  const problem = (field: LabRowField, message: string) => {
    if (!unreadable.has(field)) problems.push({ field, message });
    return null;
  };
  const raw: { [K in LabRowField]?: string | Date | null } = { ...received };
  for (const field of LAB_ROW_FIELDS) {
    const value = raw[field];
    if (typeof value !== 'string') continue;
    const control = (field === 'lab' || field === 'site' ? CONTROL_CHARACTER_EXCEPT_LINES : CONTROL_CHARACTER).exec(value);
    if (value.length > MAX_FIELD_LENGTH) problem(field, `${field} is at most ${MAX_FIELD_LENGTH} characters (got ${value.length}).`);
    else if (control) {
      problem(field, `${field} contains a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position ${control.index}); send printable text.`);
    } else continue;
    unreadable.add(field);
    raw[field] = null;
  }

  const barcode = code(raw.barcode);
  if (barcode === null) problem('barcode', 'barcode is required.');
  else if (!BARCODE_PATTERN.test(barcode)) {
    problem('barcode', `"${shown(barcode)}" is not a tube barcode: 6 to 32 letters, digits and hyphens, starting with a letter or digit.`);
  }

  const idNumber = code(raw.idNumber);
  let birthDate: string | null = null;
  if (idNumber === null) problem('idNumber', 'idNumber is required.');
  else {
    const parsed = parseIdentityNumber(idNumber);
    if (parsed.ok) birthDate = parsed.facts.birthDate;
    else problem('idNumber', parsed.message);
  }

  const sampledAt = instant(raw.sampledAt, 'sampledAt', problem);
  if (sampledAt && sampledAt.getTime() > now.getTime()) problem('sampledAt', `sampledAt (${sampledAt.toISOString()}) is in the future.`);
  else if (sampledAt && sampledAt.getTime() < EARLIEST_SAMPLED_AT.getTime()) {
    problem('sampledAt', `sampledAt (${sampledAt.toISOString()}) is before ${EARLIEST_SAMPLED_AT.toISOString()}, when nucleic-acid sampling began: the date is probably a default or mistyped.`);
  } else if (sampledAt && birthDate && sampledAt.getTime() < startOfShanghaiDay(birthDate)) {
    problem('idNumber', `This identity number encodes a birth date (${birthDate}) after the sampling: a digit is probably mistyped.`);
  }

  const tubeType = oneOf(raw.tubeType, TUBE_TYPES, 'tubeType', problem);
  const poolBarcode = code(raw.poolBarcode);
  if (tubeType === 'POOLED' && poolBarcode === null) problem('poolBarcode', 'A POOLED sample needs the poolBarcode of its mixed tube.');
  if (tubeType === 'SINGLE' && poolBarcode !== null) problem('poolBarcode', 'A SINGLE sample has no poolBarcode; leave it empty or send tubeType POOLED.');
  if (poolBarcode !== null && !BARCODE_PATTERN.test(poolBarcode)) {
    problem('poolBarcode', `"${shown(poolBarcode)}" is not a tube barcode: 6 to 32 letters, digits and hyphens, starting with a letter or digit.`);
  }

  const result = oneOf(raw.result, TEST_RESULTS, 'result', problem);
  let resultAt: Date | null = null;
  if (result === 'PENDING') {
    if (present(raw.resultAt)) problem('resultAt', 'A PENDING result has no resultAt; leave it empty until the result is known.');
  } else if (result !== null && !present(raw.resultAt)) {
    problem('resultAt', `resultAt is required with a ${result} result.`);
  } else {
    resultAt = instant(raw.resultAt, 'resultAt', problem);
    if (resultAt && resultAt.getTime() > now.getTime()) problem('resultAt', `resultAt (${resultAt.toISOString()}) is in the future.`);
    else if (resultAt && sampledAt && resultAt.getTime() < sampledAt.getTime()) {
      problem('resultAt', `resultAt (${resultAt.toISOString()}) is before sampledAt (${sampledAt.toISOString()}).`);
    }
  }

  const lab = text(raw.lab, 'lab', problem);
  const site = text(raw.site, 'site', problem);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    row: {
      barcode: barcode!,
      idNumber: idNumber!,
      sampledAt: sampledAt!,
      tubeType: tubeType!,
      poolBarcode,
      result: result!,
      resultAt,
      lab: lab!,
      site: site!,
    },
  };
}

/**
 * A row's canonical text, independent of its validity and of the clock: what
 * the idempotency check hashes. Rows that normalize to the same values (case,
 * spacing, the same instant written differently) are the same delivery.
 */
export function canonicalLabRow(raw: RawLabRow): string {
  return LAB_ROW_FIELDS.map((field) => {
    const value = raw[field];
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    const trimmed = value.trim();
    if (field === 'sampledAt' || field === 'resultAt') return parseInstant(trimmed)?.toISOString() ?? trimmed;
    return field === 'lab' || field === 'site' ? trimmed : trimmed.toUpperCase();
  }).join('\u001f');
}

/** Parses an instant written as INSTANT_PATTERN describes; null when it is not one (or names no real time). */
export function parseInstant(value: string): Date | null {
  const match = INSTANT_PATTERN.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = '+08:00'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(Number(`0${fraction || '.0'}`) * 1000));
  const check = new Date(local);
  // Date.UTC rolls 30 February over to March and 24:00 over to the next day: a real time has to survive the round trip.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour || minute > 59 || second > 59) {
    return null;
  }
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0'));
    if (Math.abs(offsetMinutes) > 14 * 60) return null;
  }
  return new Date(local - offsetMinutes * 60_000);
}

// ── field helpers ──

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The instant a calendar day (YYYY-MM-DD) starts in Asia/Shanghai (UTC+8, no daylight saving). */
function startOfShanghaiDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - SHANGHAI_OFFSET_MS;
}

type Problem = (field: LabRowField, message: string) => null;

function present(value: string | Date | null | undefined): boolean {
  return value instanceof Date || (typeof value === 'string' && value.trim() !== '');
}

/** A code-like value (barcode, identity number): trimmed, upper-cased; null when empty. */
function code(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const normalized = String(value instanceof Date ? value.toISOString() : value).trim().toUpperCase();
  return normalized === '' ? null : normalized;
}

function instant(value: string | Date | null | undefined, field: 'sampledAt' | 'resultAt', problem: Problem): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? problem(field, `${field} is not a valid instant.`) : value;
  if (!present(value)) return field === 'sampledAt' ? problem(field, 'sampledAt is required.') : null;
  const parsed = parseInstant(value as string);
  if (!parsed) {
    return problem(field, `"${shown(value as string)}" is not a date and time: write e.g. 2022-04-01T08:30:00+08:00 (without an offset, Asia/Shanghai time is assumed).`);
  }
  return parsed;
}

function oneOf<T extends string>(value: string | Date | null | undefined, allowed: readonly T[], field: LabRowField, problem: Problem): T | null {
  if (!present(value)) return problem(field, `${field} is required: one of ${allowed.join(', ')}.`);
  const normalized = String(value).trim().toUpperCase();
  if (!(allowed as readonly string[]).includes(normalized)) return problem(field, `"${shown(String(value))}" is not a ${field}: one of ${allowed.join(', ')}.`);
  return normalized as T;
}

function text(value: string | Date | null | undefined, field: 'lab' | 'site', problem: Problem): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') return problem(field, `${field} is required.`);
  if (trimmed.length > MAX_TEXT) return problem(field, `${field} is at most ${MAX_TEXT} characters (got ${trimmed.length}).`);
  return trimmed;
}

/** A value quoted in a message, cut short so a garbage cell cannot flood the response. */
function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
