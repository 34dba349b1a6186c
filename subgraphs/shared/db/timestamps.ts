/**
 * Raw SQL returns timestamps as text (drizzle turns off the drivers' parsers and
 * the session runs in UTC): "2026-11-26 04:00:00.123+00". These turn them into
 * Dates; typed drizzle selects with mode 'date' need none of this.
 */
export function parseTimestamp(value: string | Date): Date;
export function parseTimestamp(value: string | Date | null | undefined): Date | null;
export function parseTimestamp(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`Unparseable timestamp from the database: ${value}`);
  return date;
}
