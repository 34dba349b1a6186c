/**
 * The 9 population indexes of regions, from the residents living in the
 * district at an instant H held as typed columns, in community-code order (so
 * a region of any level is one contiguous run of them). `indexesAt(T)` is exact
 * for any T ≥ H at which no residency or tag has started or ended since H: only
 * ages move with T alone. Pure: no I/O.
 */
import { bornByForAge, CommunityIndex, dateNumber, prefixRange } from '../../shared/snapshot/region-sums.js';
import { shanghaiDate } from '../../shared/time.js';
import type { PopulationIndexes } from './population-indexes.type.js';

/** One resident living in the district at H, as the query gives it. */
export interface PresentResident {
  communityCode: string;
  householdId: number;
  residencyType: 'REGISTERED' | 'FLOATING' | 'OVERSEAS';
  birthDate: string;
  /** Holds a SPECIAL_CARE tag at H. */
  specialCare: boolean;
}

const TYPES = ['REGISTERED', 'FLOATING', 'OVERSEAS'] as const;

export class PopulationIndexColumns {
  private readonly communities = new CommunityIndex();
  private readonly community: Uint16Array;
  private readonly household: Int32Array;
  private readonly type: Uint8Array;
  private readonly birth: Int32Array;
  private readonly specialCare: Uint8Array;
  private size = 0;
  private lastCommunity = '';
  private maxHousehold = 0;

  constructor(
    readonly at: Date,
    capacity: number,
  ) {
    this.community = new Uint16Array(capacity);
    this.household = new Int32Array(capacity);
    this.type = new Uint8Array(capacity);
    this.birth = new Int32Array(capacity);
    this.specialCare = new Uint8Array(capacity);
  }

  /** Adds residents; across calls they must come in community-code order (what makes regions contiguous). */
  add(residents: readonly PresentResident[]): void {
    for (const resident of residents) {
      if (resident.communityCode < this.lastCommunity) throw new RangeError('residents must come in community-code order');
      this.lastCommunity = resident.communityCode;
      const i = this.size++;
      this.community[i] = this.communities.indexOf(resident.communityCode);
      this.household[i] = resident.householdId;
      this.type[i] = TYPES.indexOf(resident.residencyType);
      this.birth[i] = dateNumber(resident.birthDate);
      this.specialCare[i] = resident.specialCare ? 1 : 0;
      if (resident.householdId > this.maxHousehold) this.maxHousehold = resident.householdId;
    }
  }

  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, PopulationIndexes> {
    if (instant.getTime() < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const today = shanghaiDate(instant);
    const [adultBy, bornBy60, bornBy80] = [bornByForAge(today, 18), bornByForAge(today, 60), bornByForAge(today, 80)];
    const codes = this.communities.codes;
    // Households counted in the current region: stamped with the region's run number, so no clearing between regions.
    const seen = new Int32Array(this.maxHousehold + 1);
    const result = new Map<string, PopulationIndexes>();
    regionCodes.forEach((code, run) => {
      const indexes: PopulationIndexes = { residents: 0, households: 0, registered: 0, floating: 0, overseas: 0, children: 0, elderly60Plus: 0, elderly80Plus: 0, specialCare: 0 };
      const [start, end] = prefixRange(this.size, (i) => codes[this.community[i]!]!, code);
      for (let i = start; i < end; i++) {
        indexes.residents++;
        const household = this.household[i]!;
        if (seen[household] !== run + 1) {
          seen[household] = run + 1;
          indexes.households++;
        }
        const type = this.type[i]!;
        if (type === 0) indexes.registered++;
        else if (type === 1) indexes.floating++;
        else indexes.overseas++;
        const birth = this.birth[i]!;
        if (birth > adultBy) indexes.children++;
        if (birth <= bornBy60) indexes.elderly60Plus++;
        if (birth <= bornBy80) indexes.elderly80Plus++;
        if (this.specialCare[i]) indexes.specialCare++;
      }
      result.set(code, indexes);
    });
    return result;
  }
}
