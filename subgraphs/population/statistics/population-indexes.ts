/**
 * The 9 population indexes of regions, from the residents living in the
 * district at an instant H held as typed columns, in community-code order (so
 * a region of any level is one contiguous run of them; households are
 * counted per region, once). `indexesAt(T)` is exact
 * for any T ≥ H at which no residency or tag has started or ended since H: only
 * ages move with T alone. Pure: no I/O.
 */
import { CommunityGroups } from '../../shared/snapshot/community-segments.js';
import { bornByForAge, CommunityIndex, dateNumber, prefixRange, sumByRegion } from '../../shared/snapshot/region-sums.js';
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
// Tally slots per community.
const S = { residents: 0, registered: 1, floating: 2, overseas: 3, specialCare: 4, adults: 5, elderly60Plus: 6, elderly80Plus: 7 } as const;
const WIDTH = 8;

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
  private readonly households = new Map<string, number>();
  private sealed: ReturnType<PopulationIndexColumns['seal']> | null = null;

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
    this.sealed = null;
    this.households.clear();
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
    const sealed = (this.sealed ??= this.seal());
    const communityCount = this.communities.codes.length;
    const tallies = new Float64Array(communityCount * WIDTH);
    for (let c = 0; c < communityCount; c++) {
      const base = c * WIDTH;
      for (const [slot, counts] of sealed.constant) tallies[base + slot] = counts[c]!;
      // Ages are the only thing that moves with T alone.
      tallies[base + S.adults] = sealed.birth.atMost(c, adultBy);
      tallies[base + S.elderly60Plus] = sealed.birth.atMost(c, bornBy60);
      tallies[base + S.elderly80Plus] = sealed.birth.atMost(c, bornBy80);
    }
    const result = new Map<string, PopulationIndexes>();
    for (const [code, s] of sumByRegion(tallies, WIDTH, this.communities.codes, regionCodes)) {
      result.set(code, {
        residents: s[S.residents]!,
        households: this.householdsIn(code),
        registered: s[S.registered]!,
        floating: s[S.floating]!,
        overseas: s[S.overseas]!,
        children: s[S.residents]! - s[S.adults]!,
        elderly60Plus: s[S.elderly60Plus]!,
        elderly80Plus: s[S.elderly80Plus]!,
        specialCare: s[S.specialCare]!,
      });
    }
    return result;
  }

  /** Distinct households with a resident in the region (not a sum: a household may span communities); kept per code, it does not move with T. */
  private householdsIn(code: string): number {
    let households = this.households.get(code);
    if (households === undefined) {
      const codes = this.communities.codes;
      const seen = new Uint8Array(this.maxHousehold + 1);
      households = 0;
      const [start, end] = prefixRange(this.size, (i) => codes[this.community[i]!]!, code);
      for (let i = start; i < end; i++) {
        if (!seen[this.household[i]!]) {
          seen[this.household[i]!] = 1;
          households++;
        }
      }
      this.households.set(code, households);
    }
    return households;
  }

  private seal() {
    const groups = new CommunityGroups(this.community, this.size, this.communities.codes.length);
    const constant: [number, Float64Array][] = [
      [S.residents, groups.count(() => true)],
      [S.registered, groups.count((i) => this.type[i] === 0)],
      [S.floating, groups.count((i) => this.type[i] === 1)],
      [S.overseas, groups.count((i) => this.type[i] === 2)],
      [S.specialCare, groups.count((i) => this.specialCare[i] === 1)],
    ];
    return { constant, birth: groups.sorted(this.birth) };
  }
}
