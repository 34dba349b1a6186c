/**
 * CompactInstants (statistics/compact-instants.ts): instants as 5-byte millisecond offsets from a base, the
 * few before it kept aside exactly; every instant reads back as written, whichever way it is stored, also after
 * slots are written again (runs are sorted in place).
 */
import { describe, expect, test } from 'vitest';
import { CompactInstants } from '../../subgraphs/health/statistics/compact-instants.js';

const DAY = 24 * 3600_000;
const BASE = Date.parse('2026-10-28T00:00:00.000Z');

describe('CompactInstants', () => {
  const instants = [BASE, BASE + 1, BASE + 31 * DAY + 123, BASE - 1, BASE - 400 * DAY, BASE + 49 * DAY, BASE + 50 * DAY, BASE + 2 ** 32, BASE + 92 * DAY + 7, BASE + 4000 * DAY, Infinity];

  test('every instant reads back exactly: inside the range, before it, beyond it, and none (Infinity)', () => {
    const column = new CompactInstants(BASE, instants.length);
    instants.forEach((ms, i) => column.set(i, ms));
    expect(instants.map((_, i) => column.get(i))).toEqual(instants);
    // Only the two before the base are aside: a 92-day window (beyond 2^32 ms) is held in place.
    expect(column.bytes).toBe(instants.length * 5 + 2 * 16);
  });

  test('a slot written again reads the new instant and keeps nothing aside for the old one', () => {
    const column = new CompactInstants(BASE, 2);
    column.set(0, BASE - DAY);
    column.set(1, BASE + 60 * DAY);
    column.set(0, BASE + DAY);
    column.set(1, BASE - 2 * DAY);
    expect([column.get(0), column.get(1)]).toEqual([BASE + DAY, BASE - 2 * DAY]);
    column.set(1, BASE);
    expect(column.bytes).toBe(10);
  });
});
