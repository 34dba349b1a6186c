/**
 * The residents living in the district at an instant H, held as typed
 * columns: the 9 population indexes of any region at any T ≥ H at which no
 * residency or tag has started or ended since (only ages move with T alone).
 * Resident search reads the same columns (resident-search.ts). Pure: no I/O.
 */
import { CommunityGroups } from '../../shared/snapshot/community-segments.js';
import { bornByForAge, CommunityIndex, dateNumber, sumByRegion, regionsOf } from '../../shared/snapshot/region-sums.js';
import { ResidentRows } from '../../shared/snapshot/resident-rows.js';
import { groupedPeople, type CommunityPeople, type PeopleColumns } from '../../shared/snapshot/index-people.js';
import { shanghaiDate } from '../../shared/time.js';
import type { PopulationIndex } from './population-index.enum.js';
import type { PopulationIndexes } from './population-indexes.type.js';

/** One resident living in the district at H, as the query gives it. */
export interface PresentResident {
  residentId: number;
  communityCode: string;
  householdId: number;
  residencyType: ResidencyTypeCode;
  birthDate: string;
  /** Codes of the tags held at H. */
  tags: readonly string[];
  /** Holds a SPECIAL_CARE tag at H. */
  specialCare: boolean;
}

export type ResidencyTypeCode = 'REGISTERED' | 'FLOATING' | 'OVERSEAS';
/** The `type` column holds an index into this. */
export const TYPES: readonly ResidencyTypeCode[] = ['REGISTERED', 'FLOATING', 'OVERSEAS'];
/** The type of a row whose resident no longer lives in the district. */
export const GONE = 0xff;
/** Tags are a bit mask per row: up to 30 distinct codes (the catalog has 8; more makes search fall back to SQL). */
const MAX_TAG_BITS = 30;
// Tally slots per community.
const S = { residents: 0, registered: 1, floating: 2, overseas: 3, specialCare: 4, adults: 5, elderly60Plus: 6, elderly80Plus: 7 } as const;
const WIDTH = 8;
/** The slot of each residency type, in TYPES order. */
const TYPE_SLOTS = [S.registered, S.floating, S.overseas];

export class PopulationIndexColumns implements PeopleColumns<PopulationIndex> {
  private readonly communities = new CommunityIndex();
  private readonly rows: ResidentRows<ReturnType<typeof makeColumns>>;
  private readonly tagBits = new Map<string, number>();
  private maxHousehold = 0;
  /** Distinct households per region code, computed once per rows version (they do not move with T). */
  private readonly households = new Map<string, number>();
  /** The rows grouped by community (lists, households, search), built once per rows version. */
  private groups: CommunityGroups | null = null;
  /** The tallies on the last calendar day asked for: the present is asked again and again on the same day. */
  private tallied: { day: string; tallies: Float64Array } | null = null;

  constructor(
    readonly at: Date,
    expected: number,
    maxResidentId: number,
  ) {
    this.rows = new ResidentRows(makeColumns, expected, maxResidentId);
  }

  /** Adds residents, or replaces the rows of residents already there. */
  add(residents: readonly PresentResident[]): void {
    for (const r of residents) this.put(r.residentId, r.communityCode, r.householdId, TYPES.indexOf(r.residencyType), dateNumber(r.birthDate), r.specialCare, r.tags);
  }

  /**
   * Adds one resident, or replaces their row: `add` without a row object (the history feeds a district this way).
   * `type` indexes TYPES, `birth` is YYYYMMDD (dateNumber).
   */
  put(residentId: number, communityCode: string, householdId: number, type: number, birth: number, specialCare: boolean, tags: readonly string[]): void {
    this.changed();
    const i = this.rows.rowFor(residentId);
    const c = this.rows.columns;
    c.residentId[i] = residentId;
    c.community[i] = this.communities.indexOf(communityCode);
    c.household[i] = householdId;
    c.type[i] = type;
    c.birth[i] = birth;
    c.specialCare[i] = specialCare ? 1 : 0;
    let mask = 0;
    for (const code of tags) mask |= this.tagBit(code);
    c.tags[i] = mask;
    if (householdId > this.maxHousehold) this.maxHousehold = householdId;
  }

  /** Replaces these residents' rows with `residents` (their state now); one not among them no longer lives here. */
  replace(residentIds: readonly number[], residents: readonly PresentResident[]): void {
    // Residents who left change the rows too, even when nobody is added.
    this.changed();
    this.add(residents);
    const present = new Set(residents.map((resident) => resident.residentId));
    for (const id of residentIds) {
      const row = this.rows.rowOfResident(id);
      if (!present.has(id) && row >= 0) this.rows.columns.type[row] = GONE;
    }
  }

  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, PopulationIndexes> {
    if (instant.getTime() < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const tallies = this.talliesOn(shanghaiDate(instant));
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

  /** The residents each index counts at `instant`, by the same conditions as indexesAt (households have no list). */
  peopleAt(index: PopulationIndex, instant: Date, regionCode: string): CommunityPeople[] {
    const today = shanghaiDate(instant);
    const [adultBy, bornBy60, bornBy80] = [bornByForAge(today, 18), bornByForAge(today, 60), bornByForAge(today, 80)];
    const c = this.rows.columns;
    const counted: Record<PopulationIndex, (row: number) => boolean> = {
      RESIDENTS: () => true,
      REGISTERED: (i) => c.type[i] === 0,
      FLOATING: (i) => c.type[i] === 1,
      OVERSEAS: (i) => c.type[i] === 2,
      CHILDREN: (i) => c.birth[i]! > adultBy,
      ELDERLY_60_PLUS: (i) => c.birth[i]! <= bornBy60,
      ELDERLY_80_PLUS: (i) => c.birth[i]! <= bornBy80,
      SPECIAL_CARE: (i) => c.specialCare[i] === 1,
    };
    const keep = counted[index];
    const groups = this.grouped();
    return groupedPeople(this.communities, groups, regionCode, (i) => c.type[i] !== GONE && keep(i), (i) => c.residentId[i]!);
  }

  /** The bit of a tag code in the `tags` column: 0 when nobody holds it, null when beyond what the columns can hold. */
  tagBitOf(code: string): number | null {
    return this.tagBits.get(code) ?? (this.tagBits.size >= MAX_TAG_BITS ? null : 0);
  }

  /** The rows grouped per community (community i: rows[offsets[i]] up to rows[offsets[i + 1]]), and the columns, for search. */
  communityRows() {
    const groups = this.grouped();
    return { communities: this.communities.codes, offsets: groups.offsets, rows: groups.rows, columns: this.rows.columns };
  }

  private tagBit(code: string): number {
    let bit = this.tagBits.get(code);
    if (bit === undefined) {
      if (this.tagBits.size >= MAX_TAG_BITS) return 0; // search then asks the database: see tagBitOf()
      bit = 2 ** this.tagBits.size;
      this.tagBits.set(code, bit);
    }
    return bit;
  }

  private changed(): void {
    this.groups = null;
    this.tallied = null;
    if (this.households.size > 0) this.households.clear();
  }

  /** Distinct households with a resident in the region (not a sum: a household may span communities). */
  private householdsIn(code: string): number {
    let households = this.households.get(code);
    if (households === undefined) {
      const groups = this.grouped();
      const c = this.rows.columns;
      const seen = new Uint8Array(this.maxHousehold + 1);
      households = 0;
      this.communities.codes.forEach((community, index) => {
        if (!community.startsWith(code)) return;
        for (let k = groups.offsets[index]!; k < groups.offsets[index + 1]!; k++) {
          const household = c.household[groups.rows[k]!]!;
          if (c.type[groups.rows[k]!] !== GONE && !seen[household]) {
            seen[household] = 1;
            households!++;
          }
        }
      });
      this.households.set(code, households);
    }
    return households;
  }

  private grouped(): CommunityGroups {
    return (this.groups ??= new CommunityGroups(this.rows.columns.community, this.rows.size, this.communities.codes.length));
  }

  /**
   * Per community, the tallies on calendar day `today` (ages are the only thing that moves with T alone, and only from
   * one day to the next): one pass over the rows.
   */
  private talliesOn(today: string): Float64Array {
    if (this.tallied?.day === today) return this.tallied.tallies;
    const [adultBy, bornBy60, bornBy80] = [bornByForAge(today, 18), bornByForAge(today, 60), bornByForAge(today, 80)];
    const c = this.rows.columns;
    const tallies = new Float64Array(this.communities.codes.length * WIDTH);
    for (let i = 0; i < this.rows.size; i++) {
      const type = c.type[i]!;
      if (type === GONE) continue;
      const base = c.community[i]! * WIDTH;
      const birth = c.birth[i]!;
      tallies[base + S.residents]!++;
      tallies[base + TYPE_SLOTS[type]!]!++;
      if (c.specialCare[i] === 1) tallies[base + S.specialCare]!++;
      if (birth <= adultBy) tallies[base + S.adults]!++;
      if (birth <= bornBy60) tallies[base + S.elderly60Plus]!++;
      if (birth <= bornBy80) tallies[base + S.elderly80Plus]!++;
    }
    this.tallied = { day: today, tallies };
    return tallies;
  }

  /** Every region with residents in the columns. */
  regionCodes(): string[] {
    return regionsOf(this.communities.codes);
  }
}

function makeColumns(capacity: number) {
  return {
    residentId: new Int32Array(capacity),
    community: new Uint16Array(capacity),
    household: new Int32Array(capacity),
    type: new Uint8Array(capacity),
    birth: new Int32Array(capacity),
    specialCare: new Uint8Array(capacity),
    tags: new Uint32Array(capacity),
  };
}
