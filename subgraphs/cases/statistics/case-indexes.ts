/**
 * The 5 case indexes of regions, and the residents behind each, from every
 * case with its status at an instant H (in its community at report) and
 * every close contact in quarantine at H (in the community where the contact
 * lives at H), each held in community-code order so a region of any level is
 * one run. Exact at any T ≥ H at which no case has been reported or changed
 * status, no quarantine has started or ended and no contact has moved since
 * H: only the calendar day (new today) moves with T alone. Counts are of
 * distinct residents (one may have two cases, or be a contact of two cases):
 * an index is the length of its list of people, so the two cannot differ.
 * Pure: no I/O.
 */
import { namedPeople, type CommunityPeople, type PeopleColumns } from '../../shared/snapshot/index-people.js';
import { prefixRange, regionsOf } from '../../shared/snapshot/region-sums.js';
import { shanghaiDate } from '../../shared/time.js';
import type { CaseIndexes } from './case-indexes.type.js';

/** A case reported at or before H, with its status and facility at H. */
export interface CaseAtInstant {
  communityCode: string;
  residentId: number;
  reportedAt: Date;
  status: 'REPORTED' | 'TRANSFERRED' | 'DISCHARGED' | 'DECEASED';
  facilityType: 'MAKESHIFT_HOSPITAL' | 'DESIGNATED_HOSPITAL' | 'HOME_ISOLATION' | null;
}

/** A close contact in quarantine at H, in the community where they live at H. */
export interface ContactInQuarantine {
  communityCode: string;
  residentId: number;
}

/** The name of one case index (all 5 count residents). */
export type CaseIndexName = keyof CaseIndexes;

/** Which cases each case-counting index counts, on the instant's calendar day `today`. */
const COUNTS_CASE: Readonly<Record<Exclude<CaseIndexName, 'closeContactsInQuarantine'>, (c: CaseAtInstant, today: string) => boolean>> = {
  newToday: (c, today) => shanghaiDate(c.reportedAt) === today,
  active: (c) => c.status === 'REPORTED' || c.status === 'TRANSFERRED',
  inFacility: (c) => c.status === 'TRANSFERRED' && (c.facilityType === 'MAKESHIFT_HOSPITAL' || c.facilityType === 'DESIGNATED_HOSPITAL'),
  discharged: (c) => c.status === 'DISCHARGED',
};

const INDEX_NAMES: readonly CaseIndexName[] = ['newToday', 'active', 'inFacility', 'discharged', 'closeContactsInQuarantine'];

export class CaseIndexColumns implements PeopleColumns<CaseIndexName> {
  /**
   * @param cases in community-code order
   * @param contacts in community-code order
   */
  constructor(
    readonly at: Date,
    private readonly cases: readonly CaseAtInstant[],
    private readonly contacts: readonly ContactInQuarantine[],
  ) {}

  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, CaseIndexes> {
    const result = new Map<string, CaseIndexes>();
    for (const code of regionCodes) {
      const counted = INDEX_NAMES.map((index) => [index, this.peopleAt(index, instant, code).reduce((sum, group) => sum + group.count, 0)]);
      result.set(code, Object.fromEntries(counted) as CaseIndexes);
    }
    return result;
  }

  /** Each resident once, in the first community (code order) of the region where the index counts them. */
  peopleAt(index: CaseIndexName, instant: Date, regionCode: string): CommunityPeople[] {
    if (instant.getTime() < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const today = shanghaiDate(instant);
    const inRegion = <R extends ContactInQuarantine>(all: readonly R[]) => all.slice(...prefixRange(all.length, (i) => all[i]!.communityCode, regionCode));
    let rows: readonly ContactInQuarantine[];
    if (index === 'closeContactsInQuarantine') rows = inRegion(this.contacts);
    else {
      const counts = COUNTS_CASE[index];
      rows = inRegion(this.cases).filter((c) => counts(c, today));
    }
    const seen = new Set<number>();
    const groups: { communityCode: string; residentIds: number[] }[] = [];
    for (const row of rows) {
      if (seen.has(row.residentId)) continue;
      seen.add(row.residentId);
      let group = groups.at(-1);
      if (group?.communityCode !== row.communityCode) groups.push((group = { communityCode: row.communityCode, residentIds: [] }));
      group.residentIds.push(row.residentId);
    }
    return namedPeople(groups);
  }

  /** Every region with a counted case or contact. */
  regionCodes(): string[] {
    return regionsOf([...this.cases, ...this.contacts].map((row) => row.communityCode));
  }
}
