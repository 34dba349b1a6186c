/**
 * The 4 permit indexes of regions, from every permit and enterprise with its
 * status at an instant H, held as typed columns in the enterprise's
 * community-code order (permits count in the enterprise's region). Exact at
 * any T ≥ H at which no status has changed since H: validity windows
 * (valid_from ≤ T < valid_to) are evaluated at T itself. Pure: no I/O.
 */
import { CommunityIndex, prefixRange } from '../../shared/snapshot/region-sums.js';
import type { PermitIndexes } from './permit-indexes.type.js';

/** A permit PENDING or APPROVED at H (no other status counts), in its enterprise's community. */
export interface PermitAtInstant {
  communityCode: string;
  residentId: number;
  status: 'PENDING' | 'APPROVED';
  validFrom: Date | null;
  validTo: Date | null;
}

export class PermitIndexColumns {
  private readonly communities = new CommunityIndex();
  private readonly permitCommunity: Uint16Array;
  private readonly holder: Int32Array;
  private readonly approved: Uint8Array;
  private readonly validFrom: Float64Array;
  private readonly validTo: Float64Array;
  private readonly resumedCommunities: string[];
  private readonly maxHolder: number;

  /**
   * @param permits in community-code order
   * @param resumedEnterpriseCommunities the community of each enterprise APPROVED_TO_RESUME at H, in code order
   */
  constructor(
    readonly at: Date,
    permits: readonly PermitAtInstant[],
    resumedEnterpriseCommunities: readonly string[],
  ) {
    const n = permits.length;
    this.permitCommunity = new Uint16Array(n);
    this.holder = new Int32Array(n);
    this.approved = new Uint8Array(n);
    this.validFrom = new Float64Array(n);
    this.validTo = new Float64Array(n);
    permits.forEach((permit, i) => {
      this.permitCommunity[i] = this.communities.indexOf(permit.communityCode);
      this.holder[i] = permit.residentId;
      this.approved[i] = permit.status === 'APPROVED' ? 1 : 0;
      // An approved permit without dates is never active (NaN compares false).
      this.validFrom[i] = permit.validFrom?.getTime() ?? NaN;
      this.validTo[i] = permit.validTo?.getTime() ?? NaN;
    });
    this.resumedCommunities = [...resumedEnterpriseCommunities];
    this.maxHolder = permits.reduce((max, permit) => Math.max(max, permit.residentId), 0);
  }

  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, PermitIndexes> {
    const t = instant.getTime();
    if (t < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const codes = this.communities.codes;
    // Holders counted in the current region, stamped with its run number (distinct holders, not permits).
    const seen = new Int32Array(this.maxHolder + 1);
    const result = new Map<string, PermitIndexes>();
    regionCodes.forEach((code, run) => {
      const indexes: PermitIndexes = { pending: 0, active: 0, resumedWorkers: 0, enterprisesResumed: 0 };
      const [start, end] = prefixRange(this.holder.length, (i) => codes[this.permitCommunity[i]!]!, code);
      for (let i = start; i < end; i++) {
        if (!this.approved[i]) {
          indexes.pending++;
        } else if (this.validFrom[i]! <= t && t < this.validTo[i]!) {
          indexes.active++;
          if (seen[this.holder[i]!] !== run + 1) {
            seen[this.holder[i]!] = run + 1;
            indexes.resumedWorkers++;
          }
        }
      }
      const [first, last] = prefixRange(this.resumedCommunities.length, (i) => this.resumedCommunities[i]!, code);
      indexes.enterprisesResumed = last - first;
      result.set(code, indexes);
    });
    return result;
  }
}
