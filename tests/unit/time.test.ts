/** Calendar days in Asia/Shanghai (UTC+8, no daylight saving): a day's last instant and date arithmetic. */
import { describe, expect, test } from 'vitest';
import { daysFromTo, plusDays, shanghaiDate, shanghaiDayEnd } from '../../subgraphs/shared/time.js';

describe('shanghaiDayEnd', () => {
  test("is the next day's midnight in Shanghai less one millisecond", () => {
    expect(shanghaiDayEnd('2026-03-14').toISOString()).toBe('2026-03-14T15:59:59.999Z');
    expect(shanghaiDayEnd('2026-03-14').getTime()).toBe(Date.parse('2026-03-15T00:00:00+08:00') - 1);
  });

  test('belongs to its own day, and one millisecond later is the next day', () => {
    for (const date of ['2024-02-28', '2024-02-29', '2025-12-31', '2026-01-01']) {
      const end = shanghaiDayEnd(date);
      expect(shanghaiDate(end)).toBe(date);
      expect(shanghaiDate(new Date(end.getTime() + 1))).toBe(plusDays(date, 1));
    }
  });
});

describe('plusDays and daysFromTo', () => {
  test('cross months, leap days and years', () => {
    expect(plusDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(plusDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(plusDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(plusDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  test('count both ends', () => {
    expect(daysFromTo('2026-03-14', '2026-03-14')).toBe(1);
    expect(daysFromTo('2024-02-01', '2024-03-01')).toBe(30);
    expect(daysFromTo('2026-01-01', '2026-04-02')).toBe(92);
  });
});
