/**
 * Calendar rules: days are calendar days in Asia/Shanghai (UTC+8 all year,
 * no daylight saving), as domain.md defines them.
 */
import { badUserInput } from './errors.js';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last instant of an Asia/Shanghai calendar day (YYYY-MM-DD): the next day's midnight there, less 1 ms (instants are milliseconds). */
export function shanghaiDayEnd(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/** The calendar date `days` days after `date` (YYYY-MM-DD; negative: before). */
export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (YYYY-MM-DD), counting both: 1 for the same day. */
export function daysFromTo(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
}

/** Age in whole years on a calendar date, as Postgres' age() counts it (a 29 February birthday turns over on 1 March). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Checks an optional `asOf` argument: a valid instant, never in the future; null when absent (the present). */
export function pastInstant(asOf: Date | null | undefined, now = new Date()): Date | null {
  if (asOf === null || asOf === undefined) return null;
  if (Number.isNaN(asOf.getTime())) throw badUserInput('asOf', 'asOf is not a valid instant.');
  if (asOf.getTime() > now.getTime()) {
    throw badUserInput('asOf', `asOf (${asOf.toISOString()}) is in the future; indexes exist only for past instants and now.`);
  }
  return asOf;
}

/** Resolves an optional `asOf` argument: now when absent; never in the future. */
export function resolveAsOf(asOf: Date | null | undefined, now = new Date()): Date {
  return pastInstant(asOf, now) ?? now;
}
