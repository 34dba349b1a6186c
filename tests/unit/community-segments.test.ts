/**
 * Per-community counting and sorted segments (shared/snapshot): the binary searches must count exactly what a
 * plain scan counts, at and around every value (ties, NaN left out, empty communities).
 */
import { describe, expect, test } from 'vitest';
import { CommunityGroups } from '../../subgraphs/shared/snapshot/community-segments.js';
import { bornByForAge, prefixRange, sumByRegion } from '../../subgraphs/shared/snapshot/region-sums.js';
import { ageOn } from '../../subgraphs/shared/time.js';

function random(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('CommunityGroups and SortedSegments', () => {
  const next = random(7);
  const size = 2000;
  const communities = 7; // community 6 stays empty
  const community = new Uint16Array(size).map(() => Math.floor(next() * 6));
  const values = new Float64Array(size).map(() => (next() < 0.1 ? NaN : Math.floor(next() * 50)));
  const keep = (row: number) => row % 3 !== 0;
  const groups = new CommunityGroups(community, size, communities);
  const sorted = groups.sorted(values, keep);
  const scan = (c: number, test: (v: number) => boolean) =>
    Array.from(values).filter((v, row) => community[row] === c && keep(row) && !Number.isNaN(v) && test(v)).length;

  test('counts per community what a scan counts', () => {
    expect(Array.from(groups.count(keep))).toEqual([...Array(communities).keys()].map((c) => Array.from(community).filter((x, row) => x === c && keep(row)).length));
  });

  test.each([-1, 0, 1, 17, 25, 49, 50])('above, atLeast and atMost %d equal a scan in every community', (x) => {
    for (let c = 0; c < communities; c++) {
      expect(sorted.above(c, x)).toBe(scan(c, (v) => v > x));
      expect(sorted.atLeast(c, x)).toBe(scan(c, (v) => v >= x));
      expect(sorted.atMost(c, x)).toBe(scan(c, (v) => v <= x));
    }
  });
});

describe('region sums', () => {
  const codes = ['310118001001', '310118001002', '310118002001'];
  test('prefixRange finds the contiguous run of a region of any level', () => {
    expect(prefixRange(codes.length, (i) => codes[i]!, '310118')).toEqual([0, 3]);
    expect(prefixRange(codes.length, (i) => codes[i]!, '310118001')).toEqual([0, 2]);
    expect(prefixRange(codes.length, (i) => codes[i]!, '310118002001')).toEqual([2, 3]);
    expect(prefixRange(codes.length, (i) => codes[i]!, '310118003')).toEqual([3, 3]);
  });

  test('sumByRegion adds the communities of each region, zeros for none', () => {
    const sums = sumByRegion(new Float64Array([1, 10, 2, 20, 4, 40]), 2, codes, ['310118', '310118001', '310119']);
    expect(Array.from(sums.get('310118')!)).toEqual([7, 70]);
    expect(Array.from(sums.get('310118001')!)).toEqual([3, 30]);
    expect(Array.from(sums.get('310119')!)).toEqual([0, 0]);
  });

  test.each([
    ['2008-02-29', '2026-02-28'],
    ['2008-02-29', '2026-03-01'],
    ['1966-11-26', '2026-11-26'],
    ['1966-11-27', '2026-11-26'],
    ['1946-01-01', '2026-12-31'],
  ])('bornByForAge agrees with ageOn (born %s, on %s)', (birth, today) => {
    for (const years of [18, 60, 80]) {
      expect(Number(birth.replaceAll('-', '')) <= bornByForAge(today, years)).toBe(ageOn(birth, today) >= years);
    }
  });
});
