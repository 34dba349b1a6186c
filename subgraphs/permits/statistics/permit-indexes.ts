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

/** Permits at H as typed columns, one entry per permit in each, in community-code order: what PermitIndexColumns holds. */
export interface PermitColumns {
  /** The community codes `community` numbers. */
  communities: CommunityIndex;
  community: Uint16Array;
  permitId: Float64Array;
  holder: Int32Array;
  /** 1: APPROVED at H, 0: PENDING. */
  approved: Uint8Array;
  /** 1: the enterprise is APPROVED_TO_RESUME at H. */
  enterpriseResumed: Uint8Array;
  /** Instants (ms); NaN when none, so an approved permit without dates is never active (NaN compares false). */
  validFrom: Float64Array;
  validTo: Float64Array;
}

/** The columns of these permits (in community-code order). */
export function permitColumns(permits: readonly PermitAtInstant[]): PermitColumns {
  const communities = new CommunityIndex();
  return {
    communities,
    community: Uint16Array.from(permits, (permit) => communities.indexOf(permit.communityCode)),
    permitId: Float64Array.from(permits, (permit) => permit.permitId),
    holder: Int32Array.from(permits, (permit) => permit.residentId),
    approved: Uint8Array.from(permits, (permit) => (permit.status === 'APPROVED' ? 1 : 0)),
    enterpriseResumed: Uint8Array.from(permits, (permit) => (permit.enterpriseResumed ? 1 : 0)),
    validFrom: Float64Array.from(permits, (permit) => permit.validFrom?.getTime() ?? NaN),
    validTo: Float64Array.from(permits, (permit) => permit.validTo?.getTime() ?? NaN),
  };
}

export class PermitIndexColumns implements PeopleColumns<PermitIndex> {
  private readonly resumedCommunities: string[];
  private readonly maxHolder: number;

  /**
   * @param permits in community-code order
   * @param resumedEnterpriseCommunities the community of each enterprise APPROVED_TO_RESUME at H, in code order
   */
  constructor(
    readonly at: Date,
    private readonly permits: PermitColumns,
    resumedEnterpriseCommunities: readonly string[],
  ) {
    this.resumedCommunities = [...resumedEnterpriseCommunities];
    this.maxHolder = permits.holder.reduce((max, holder) => Math.max(max, holder), 0);
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
        if (!this.permits.approved[i]) {
          indexes.pending++;
        } else if (this.active(i, t)) {
          indexes.active++;
          if (seen[this.permits.holder[i]!] !== run + 1) {
            seen[this.permits.holder[i]!] = run + 1;
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
    const codes = this.permits.communities.codes;
    const [start, end] = this.permitsOf(regionCode);
    const active: ActivePermit[] = [];
    for (let i = start; i < end; i++) {
      if (!this.active(i, t)) continue;
      active.push({
        permitId: this.permits.permitId[i]!,
        residentId: this.permits.holder[i]!,
        communityCode: codes[this.permits.community[i]!]!,
        validFrom: new Date(this.permits.validFrom[i]!),
        validTo: new Date(this.permits.validTo[i]!),
      });
    }
    return active;
  }

  /** domain.md's active: APPROVED, valid-from ≤ T < valid-to, the enterprise APPROVED_TO_RESUME (and, by construction, the holder living here). */
  private active(i: number, t: number): boolean {
    return this.permits.approved[i] === 1 && this.permits.enterpriseResumed[i] === 1 && this.permits.validFrom[i]! <= t && t < this.permits.validTo[i]!;
  }

  private permitsOf(regionCode: string): [number, number] {
    const codes = this.permits.communities.codes;
    return prefixRange(this.permits.holder.length, (i) => codes[this.permits.community[i]!]!, regionCode);
  }

  private checked(instant: Date): number {
    const t = instant.getTime();
    if (t < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    return t;
  }

  /** Every region with residents in the columns. */
  regionCodes(): string[] {
    return regionsOf([...this.permits.communities.codes, ...this.resumedCommunities]);
  }
}
