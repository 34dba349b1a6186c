/**
 * Per-community sorted values, so "how many residents of this community have
 * a value above x" is a binary search instead of a scan: a region's indexes at
 * any instant T then cost O(communities × log residents), not O(residents).
 */

/** Rows grouped by community (a counting sort of the community column). */
export class CommunityGroups {
  /** Rows of community c are rows[offsets[c]] … rows[offsets[c + 1] − 1]. */
  readonly offsets: Int32Array;
  readonly rows: Int32Array;

  constructor(community: Uint16Array, size: number, communityCount: number) {
    this.offsets = new Int32Array(communityCount + 1);
    for (let i = 0; i < size; i++) this.offsets[community[i]! + 1]!++;
    for (let c = 0; c < communityCount; c++) this.offsets[c + 1]! += this.offsets[c]!;
    const next = this.offsets.slice(0, communityCount);
    this.rows = new Int32Array(size);
    for (let i = 0; i < size; i++) this.rows[next[community[i]!]!++] = i;
  }

  get communityCount(): number {
    return this.offsets.length - 1;
  }

  /** Per community: how many of its rows `keep` holds for. */
  count(keep: (row: number) => boolean): Float64Array {
    const counts = new Float64Array(this.communityCount);
    for (let c = 0; c < this.communityCount; c++) {
      for (let k = this.offsets[c]!; k < this.offsets[c + 1]!; k++) if (keep(this.rows[k]!)) counts[c]!++;
    }
    return counts;
  }

  /** Per community, the values of the rows `keep` holds for (all when omitted), sorted ascending (NaN rows left out). */
  sorted(values: Float64Array | Int32Array, keep?: (row: number) => boolean): SortedSegments {
    const offsets = new Int32Array(this.communityCount + 1);
    const sorted = new Float64Array(this.rows.length);
    let length = 0;
    for (let c = 0; c < this.communityCount; c++) {
      const start = length;
      for (let k = this.offsets[c]!; k < this.offsets[c + 1]!; k++) {
        const row = this.rows[k]!;
        const value = values[row]!;
        if (!Number.isNaN(value) && (keep === undefined || keep(row))) sorted[length++] = value;
      }
      sorted.subarray(start, length).sort();
      offsets[c + 1] = length;
    }
    return new SortedSegments(sorted.slice(0, length), offsets);
  }
}

export class SortedSegments {
  constructor(
    private readonly values: Float64Array,
    private readonly offsets: Int32Array,
  ) {}

  /** Values of community c that are > x. */
  above(c: number, x: number): number {
    return this.offsets[c + 1]! - this.firstAbove(c, x);
  }

  /** Values of community c that are ≥ x. */
  atLeast(c: number, x: number): number {
    return this.offsets[c + 1]! - this.firstAtLeast(c, x);
  }

  /** Values of community c that are ≤ x. */
  atMost(c: number, x: number): number {
    return this.firstAbove(c, x) - this.offsets[c]!;
  }

  private firstAbove(c: number, x: number): number {
    let [low, high] = [this.offsets[c]!, this.offsets[c + 1]!];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.values[middle]! <= x) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private firstAtLeast(c: number, x: number): number {
    let [low, high] = [this.offsets[c]!, this.offsets[c + 1]!];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.values[middle]! < x) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
