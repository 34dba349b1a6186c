import { describe, expect, test } from 'vitest';
import { PastIndexesMemo } from '../../subgraphs/shared/snapshot/past-indexes-memo.js';

const at = (ms: number) => new Date(ms);

describe('PastIndexesMemo', () => {
  test('a change from instant E drops the answers for instants ≥ E and keeps the earlier ones', () => {
    const memo = new PastIndexesMemo<number>(10);
    for (const t of [100, 200, 300]) memo.set(at(t), 'X', t, memo.version);
    memo.changed(200);
    expect([100, 200, 300].map((t) => memo.get(at(t), 'X'))).toEqual([100, undefined, undefined]);
    memo.changed(-Infinity);
    expect(memo.get(at(100), 'X')).toBeUndefined();
  });

  test('a change at Infinity (nothing differed) keeps everything, but an answer computed across it is not kept', () => {
    const memo = new PastIndexesMemo<number>(10);
    memo.set(at(100), 'X', 1, memo.version);
    const before = memo.version;
    memo.changed(Infinity);
    expect(memo.get(at(100), 'X')).toBe(1);
    memo.set(at(200), 'X', 2, before);
    expect(memo.get(at(200), 'X')).toBeUndefined();
  });

  test('answers are per region, and the least recently used go first beyond the capacity', () => {
    const memo = new PastIndexesMemo<string>(2);
    memo.set(at(1), 'A', 'a', memo.version);
    memo.set(at(1), 'B', 'b', memo.version);
    expect(memo.get(at(1), 'A')).toBe('a'); // A is now the most recently used
    memo.set(at(1), 'C', 'c', memo.version);
    expect([memo.get(at(1), 'A'), memo.get(at(1), 'B'), memo.get(at(1), 'C')]).toEqual(['a', undefined, 'c']);
  });
});
