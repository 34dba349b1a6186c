/**
 * Per-community tallies summed into regions of any level: a region's count is
 * the sum of its communities' (every resident lives in exactly one), and a
 * region code is a prefix of its communities' codes.
 */

/** Interns community codes as small integers, so per-resident columns hold a Uint16 instead of a string. */
export class CommunityIndex {
  readonly codes: string[] = [];
  private readonly byCode = new Map<string, number>();

  indexOf(code: string): number {
    let index = this.byCode.get(code);
    if (index === undefined) {
      index = this.codes.length;
      if (index > 0xffff) throw new RangeError('more than 65,536 communities');
      this.codes.push(code);
      this.byCode.set(code, index);
    }
    return index;
  }

  /** The indexes of the communities in a region (code prefix), in code order (lists run in that order). */
  inRegion(regionCode: string): number[] {
    return this.codes
      .map((code, index) => ({ code, index }))
      .filter((community) => community.code.startsWith(regionCode))
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((community) => community.index);
  }
}

/** Region code lengths: a district's, a town's (a community's is the full code). */
const PARENT_CODE_LENGTHS = [6, 9];

/** Every region with a community among these: the communities, their towns and their district. */
export function regionsOf(communityCodes: Iterable<string>): string[] {
  const codes = new Set<string>();
  for (const code of communityCodes) {
    codes.add(code);
    for (const length of PARENT_CODE_LENGTHS) if (code.length > length) codes.add(code.slice(0, length));
  }
  return [...codes];
}

/**
 * `tallies` holds `width` counters per community (community i at i × width); returns, per region code, the
 * element-wise sum over the communities whose code starts with it (zeros for a region with none).
 */
export function sumByRegion(tallies: Float64Array, width: number, communities: readonly string[], regionCodes: readonly string[]): Map<string, Float64Array> {
  const sums = new Map<string, Float64Array>();
  for (const code of regionCodes) {
    const sum = new Float64Array(width);
    communities.forEach((community, index) => {
      if (!community.startsWith(code)) return;
      for (let k = 0; k < width; k++) sum[k]! += tallies[index * width + k]!;
    });
    sums.set(code, sum);
  }
  return sums;
}

/** A calendar date YYYY-MM-DD as the integer YYYYMMDD: comparing two such integers compares the dates. */
export function dateNumber(date: string): number {
  return Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

/**
 * Born on or before this YYYYMMDD ⇔ at least `years` old on `today` (ageOn in shared/time.ts counts whole
 * years the same way: the birthday must have come, and 29 February turns over on 1 March).
 */
export function bornByForAge(today: string, years: number): number {
  return dateNumber(today) - years * 10000;
}

/**
 * Rows [start, end) whose community code starts with `prefix`, among `size` rows in community-code order
 * (`codeAt(i)` is row i's code): codes with the prefix sort between the prefix itself and the prefix
 * followed by the highest character, so a region of any level is one contiguous run.
 */
export function prefixRange(size: number, codeAt: (row: number) => string, prefix: string): [number, number] {
  const firstAtOrAfter = (code: string) => {
    let [low, high] = [0, size];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (codeAt(middle) < code) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return [firstAtOrAfter(prefix), firstAtOrAfter(prefix + '\uffff')];
}
