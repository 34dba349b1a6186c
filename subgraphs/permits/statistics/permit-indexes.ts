/**
 * The 4 permit indexes of regions, from every permit and enterprise with its
 * status at an instant H, held as typed columns in the enterprise's
 * community-code order (permits count in the enterprise's region). Only
 * permits whose holder lives in the district at H are held: a holder who
 * moved out or died counts in no permit index. Exact at any T ≥ H at which no
 * status or residence has changed since H: validity windows
 * (valid_from ≤ T < valid_to) are evaluated at T itself. The same columns
 * name the residents behind resumedWorkers (peopleAt) and the active permits
 * behind them (activePermitsAt). Pure: no I/O.
 */
import { namedPeople, type CommunityPeople, type PeopleColumns } from '../../shared/snapshot/index-people.js';
import { CommunityIndex, prefixRange, regionsOf } from '../../shared/snapshot/region-sums.js';
import type { PermitIndex } from './permit-index.enum.js';
import type { PermitIndexes } from './permit-indexes.type.js';

/** A permit PENDING or APPROVED at H (no other status counts) of a holder living in the district at H, in its enterprise's community. */
export interface PermitAtInstant {
  permitId: number;
  communityCode: string;
  residentId: number;
  status: 'PENDING' | 'APPROVED';
  validFrom: Date | null;
  validTo: Date | null;
  /** Its enterprise's resumption status at H is APPROVED_TO_RESUME (an active permit needs it). */
  enterpriseResumed: boolean;
}

/** An active permit at an instant, as the resumed-work database lists it. */
export interface ActivePermit {
  permitId: number;
  residentId: number;
  communityCode: string;
  validFrom: Date;
  validTo: Date;
}

export class PermitIndexColumns implements PeopleColumns<PermitIndex> {
  private readonly communities = new CommunityIndex();
  private readonly permitCommunity: Uint16Array;
  private readonly permitId: Float64Array;
  private readonly holder: Int32Array;
  private readonly approved: Uint8Array;
  private readonly enterpriseResumed: Uint8Array;
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
    this.permitId = new Float64Array(n);
    this.holder = new Int32Array(n);
    this.approved = new Uint8Array(n);
    this.enterpriseResumed = new Uint8Array(n);
    this.validFrom = new Float64Array(n);
    this.validTo = new Float64Array(n);
    permits.forEach((permit, i) => {
      this.permitCommunity[i] = this.communities.indexOf(permit.communityCode);
      this.permitId[i] = permit.permitId;
      this.holder[i] = permit.residentId;
      this.approved[i] = permit.status === 'APPROVED' ? 1 : 0;
      this.enterpriseResumed[i] = permit.enterpriseResumed ? 1 : 0;
      // An approved permit without dates is never active (NaN compares false).
      this.validFrom[i] = permit.validFrom?.getTime() ?? NaN;
      this.validTo[i] = permit.validTo?.getTime() ?? NaN;
    });
    this.resumedCommunities = [...resumedEnterpriseCommunities];
    this.maxHolder = permits.reduce((max, permit) => Math.max(max, permit.residentId), 0);
  }

  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, PermitIndexes> {
    const t = this.checked(instant);
    // Holders counted in the current region, stamped with its run number (distinct holders, not permits).
    const seen = new Int32Array(this.maxHolder + 1);
    const result = new Map<string, PermitIndexes>();
    regionCodes.forEach((code, run) => {
      const indexes: PermitIndexes = { pending: 0, active: 0, resumedWorkers: 0, enterprisesResumed: 0 };
      const [start, end] = this.permitsOf(code);
      for (let i = start; i < end; i++) {
        if (!this.approved[i]) {
          indexes.pending++;
        } else if (this.active(i, t)) {
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

  /**
   * RESUMED_WORKERS: the distinct holders of active permits of the region, each in the first community (code
   * order) where they hold one, so the lengths sum to resumedWorkers (a parent lists once whom two children both count).
   */
  peopleAt(_index: PermitIndex, instant: Date, regionCode: string): CommunityPeople[] {
    const groups: { communityCode: string; residentIds: number[] }[] = [];
    const listed = new Set<number>();
    for (const permit of this.activePermitsAt(instant, regionCode)) {
      if (listed.has(permit.residentId)) continue;
      listed.add(permit.residentId);
      if (groups.at(-1)?.communityCode !== permit.communityCode) groups.push({ communityCode: permit.communityCode, residentIds: [] });
      groups.at(-1)!.residentIds.push(permit.residentId);
    }
    return namedPeople(groups);
  }

  /** The permits the region's active index counts at `instant`, in community-code order. */
  activePermitsAt(instant: Date, regionCode: string): ActivePermit[] {
    const t = this.checked(instant);
    const codes = this.communities.codes;
    const [start, end] = this.permitsOf(regionCode);
    const active: ActivePermit[] = [];
    for (let i = start; i < end; i++) {
      if (!this.active(i, t)) continue;
      active.push({
        permitId: this.permitId[i]!,
        residentId: this.holder[i]!,
        communityCode: codes[this.permitCommunity[i]!]!,
        validFrom: new Date(this.validFrom[i]!),
        validTo: new Date(this.validTo[i]!),
      });
    }
    return active;
  }

  /** domain.md's active: APPROVED, valid-from ≤ T < valid-to, the enterprise APPROVED_TO_RESUME (and, by construction, the holder living here). */
  private active(i: number, t: number): boolean {
    return this.approved[i] === 1 && this.enterpriseResumed[i] === 1 && this.validFrom[i]! <= t && t < this.validTo[i]!;
  }

  private permitsOf(regionCode: string): [number, number] {
    const codes = this.communities.codes;
    return prefixRange(this.holder.length, (i) => codes[this.permitCommunity[i]!]!, regionCode);
  }

  private checked(instant: Date): number {
    const t = instant.getTime();
    if (t < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    return t;
  }

  /** Every region with residents in the columns. */
  regionCodes(): string[] {
    return regionsOf(this.communities.codes);
  }
}
