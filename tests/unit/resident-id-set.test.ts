import { describe, expect, test } from 'vitest';
import { decodeResidentIds, encodeResidentIds } from '../../subgraphs/shared/resident-id-set.js';

describe('resident ID sets between subgraphs', () => {
  test('round-trips any set: sorted, without duplicates, across varint byte boundaries', () => {
    const ids = [0, 1, 127, 128, 129, 16_383, 16_384, 1_270_000, 2_097_151, 2_097_152, 2 ** 40 + 7];
    expect(decodeResidentIds(encodeResidentIds([...ids].reverse().concat(ids)))).toEqual(ids);
    expect(decodeResidentIds(encodeResidentIds([]))).toEqual([]);
  });

  test('a dense district-sized set stays small (about one byte per resident)', () => {
    const ids = Array.from({ length: 1_270_000 }, (_, i) => i + 1);
    const encoded = encodeResidentIds(ids);
    expect(encoded.length).toBeLessThan(1_800_000);
    expect(decodeResidentIds(encoded)).toEqual(ids);
  });
});
