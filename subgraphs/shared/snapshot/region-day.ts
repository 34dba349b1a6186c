/**
 * A region's indexes at the end of each calendar day (`Region.daily`): the
 * days a range asks for, and the instant each day is counted at.
 */
import { badUserInput } from '../errors.js';
import { daysFromTo, plusDays, shanghaiDate, shanghaiDayEnd } from '../time.js';

/** How many days one `daily(from, to)` may ask for: a quarter. */
export const MAX_DAILY_DAYS = 92;

/**
 * The days of `daily(from, to)`, oldest first: each a valid date (the Date scalar's check), from ≤ to, at most
 * MAX_DAILY_DAYS, none after today in Asia/Shanghai. Days before a region's data start are allowed: they count what held then.
 */
export function dailyDates(from: Date, to: Date, now = new Date()): string[] {
  const [first, last, today] = [isoDate(from), isoDate(to), shanghaiDate(now)];
  if (last > today) throw badUserInput('to', `to (${last}) is after today (${today}, Asia/Shanghai): indexes exist only up to today.`);
  if (first > last) throw badUserInput('to', `to (${last}) is before from (${first}).`);
  const days = daysFromTo(first, last);
  if (days > MAX_DAILY_DAYS) {
    throw badUserInput('from', `from ${first} to ${last} is ${days} days; at most ${MAX_DAILY_DAYS} (from ${plusDays(last, 1 - MAX_DAILY_DAYS)} at the earliest for this to).`);
  }
  return Array.from({ length: days }, (_, i) => plusDays(first, i));
}

/** The instant a day's indexes are counted at: its last instant, or the present (null) for today. Never a day after today. */
export function dayInstant(date: string, now = new Date()): Date | null {
  const today = shanghaiDate(now);
  if (date > today) throw badUserInput('date', `${date} is after today (${today}, Asia/Shanghai): indexes exist only up to today.`);
  return date === today ? null : shanghaiDayEnd(date);
}

/** A Date scalar's value (midnight UTC of the date) as YYYY-MM-DD. */
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
