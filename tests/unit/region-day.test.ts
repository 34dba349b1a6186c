/** The days of Region.daily(from, to) and the instant each is counted at (pure rules; the API tests are in tests/api/region-daily.test.ts). */
import { GraphQLError } from 'graphql';
import { describe, expect, test } from 'vitest';
import { dailyDates, dayInstant, MAX_DAILY_DAYS } from '../../subgraphs/shared/snapshot/region-day.js';

// 23:30 on 2026-03-14 in Shanghai (15:30 UTC): "today" is the 14th.
const NOW = new Date('2026-03-14T15:30:00Z');
const day = (date: string) => new Date(`${date}T00:00:00Z`);

function refusal(run: () => unknown): { field: unknown; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return { field: (error as GraphQLError).extensions.field, message: (error as GraphQLError).message };
  }
  throw new Error('expected a BAD_USER_INPUT');
}

describe('dailyDates', () => {
  test('every day from `from` to `to`, both included, oldest first', () => {
    expect(dailyDates(day('2026-02-27'), day('2026-03-02'), NOW)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(dailyDates(day('2026-03-14'), day('2026-03-14'), NOW)).toEqual(['2026-03-14']);
  });

  test('today is the Shanghai calendar day: at 00:30 there (16:30 UTC the day before) it is already the next day', () => {
    const justAfterMidnight = new Date('2026-03-14T16:30:00Z');
    expect(dailyDates(day('2026-03-15'), day('2026-03-15'), justAfterMidnight)).toEqual(['2026-03-15']);
    expect(refusal(() => dailyDates(day('2026-03-15'), day('2026-03-15'), NOW)).field).toBe('to');
  });

  test(`at most ${MAX_DAILY_DAYS} days`, () => {
    expect(dailyDates(day('2025-12-13'), day('2026-03-14'), NOW)).toHaveLength(MAX_DAILY_DAYS);
    const tooMany = refusal(() => dailyDates(day('2025-12-12'), day('2026-03-14'), NOW));
    expect(tooMany.field).toBe('from');
    expect(tooMany.message).toContain('93 days');
    expect(tooMany.message).toContain('2025-12-13');
  });

  test('to before from, and to after today, are refused naming `to`', () => {
    expect(refusal(() => dailyDates(day('2026-03-10'), day('2026-03-09'), NOW))).toEqual({ field: 'to', message: 'to (2026-03-09) is before from (2026-03-10).' });
    expect(refusal(() => dailyDates(day('2026-03-10'), day('2026-03-20'), NOW)).message).toContain('after today (2026-03-14');
  });

  test('days long before any data are allowed (they count what held then)', () => {
    expect(dailyDates(day('1999-12-31'), day('2000-01-01'), NOW)).toEqual(['1999-12-31', '2000-01-01']);
  });
});

describe('dayInstant', () => {
  test('a past day is counted at its last instant; today at the present (null); a later day is refused', () => {
    expect(dayInstant('2026-03-13', NOW)!.toISOString()).toBe('2026-03-13T15:59:59.999Z');
    expect(dayInstant('2026-03-14', NOW)).toBeNull();
    expect(refusal(() => dayInstant('2026-03-15', NOW)).field).toBe('date');
  });
});
