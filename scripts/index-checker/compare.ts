/**
 * The comparison itself: every index of every region the brute force
 * computed against the API's answer for it (a dashboard's region, or one
 * day of a region's daily list: the same index objects). Counts must be
 * equal; rates (floats) equal within RATE_TOLERANCE.
 */
import { INDEX_PATHS, RATE_PATHS, type IndexPath, type RegionExpectation } from './brute-force.js';
import type { Mismatch } from './graphql-client.js';

export const RATE_TOLERANCE = 1e-12;

/** A region as the API answered it: its name, and its index objects (population, health, permits, cases). */
export interface AnsweredRegion {
  code: string;
  name: string;
  level: string;
  [key: string]: unknown;
}

function valueAt(region: AnsweredRegion, indexPath: IndexPath): unknown {
  let value: unknown = region;
  for (const key of indexPath.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** Each expected region against the answer with its code; a region missing from either side is a mismatch too. */
export function compareRegions(regions: RegionExpectation[], got: ReadonlyMap<string, AnsweredRegion>): { mismatches: Mismatch[]; compared: number } {
  const mismatches: Mismatch[] = [];
  let compared = 0;
  for (const region of regions) {
    const answer = got.get(region.code);
    if (!answer) {
      mismatches.push({ region: region.code, regionName: region.name, index: '(region)', expected: 'present', got: 'missing' });
      continue;
    }
    for (const indexPath of INDEX_PATHS) {
      compared++;
      const want = region.values[indexPath];
      const have = valueAt(answer, indexPath);
      const equal =
        typeof have === 'number' && (RATE_PATHS.has(indexPath) ? Math.abs(have - want) <= RATE_TOLERANCE : Number.isInteger(have) && have === want);
      if (!equal) {
        const ratio = region.rates[indexPath];
        mismatches.push({
          region: region.code,
          regionName: region.name,
          index: indexPath,
          expected: ratio ? `${want} (${ratio.numerator}/${ratio.denominator})` : want,
          got: typeof have === 'number' ? have : JSON.stringify(have),
        });
      }
    }
  }
  for (const code of got.keys()) {
    if (!regions.some((r) => r.code === code)) {
      mismatches.push({ region: code, regionName: got.get(code)!.name, index: '(region)', expected: 'absent', got: 'present' });
    }
  }
  return { mismatches, compared };
}
