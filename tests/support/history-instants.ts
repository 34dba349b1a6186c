/**
 * Instants to compare a history in memory with the database path at: the
 * recorded instants of its facts and 1 ms either side (the edges of every
 * "≤ T" / "> T"), and instants spread at random over the window.
 */
import { parseTimestamp } from '../../subgraphs/shared/db/timestamps.js';
import { TEST_CONFIG } from './platform.js';

const DAY = 24 * 3600_000;

/** The start of the history window now. */
export const windowStart = (): Date => new Date(Date.now() - TEST_CONFIG.statisticsHistoryDays * DAY);

/** Each recorded instant within the window, and 1 ms either side. */
export function edgesOf(recorded: readonly { at: string }[]): Date[] {
  const [from, to] = [windowStart().getTime() + 1, Date.now()];
  return recorded
    .flatMap((row) => [-1, 0, 1].map((delta) => parseTimestamp(row.at).getTime() + delta))
    .filter((t) => t >= from && t <= to)
    .map((t) => new Date(t));
}

/** `count` instants spread at random over the window (a fixed seed: the same ones every run). */
export function randomInstants(count: number, seed: number): Date[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const from = windowStart().getTime() + 1000;
  return Array.from({ length: count }, () => new Date(Math.floor(from + next() * (Date.now() - from))));
}
