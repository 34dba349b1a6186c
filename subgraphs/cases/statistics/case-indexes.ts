/**
 * The 5 case indexes of regions, from every case with its status at an
 * instant H and every close contact in quarantine at H, each in the community
 * of the case at its report, held in community-code order so a region of any
 * level is one run. Exact at any T ≥ H at which no case has been reported or
 * changed status and no quarantine has started or ended since H: only the
 * calendar day (new today) moves with T alone. Counts are of distinct
 * residents (one may have two cases, or be a contact of two). Pure: no I/O.
 */
import { prefixRange } from '../../shared/snapshot/region-sums.js';
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

/** A close contact in quarantine at H, in the community of the case they were exposed to. */
export interface ContactInQuarantine {
  communityCode: string;
  residentId: number;
}

export class CaseIndexColumns {
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
    if (instant.getTime() < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const today = shanghaiDate(instant);
    const result = new Map<string, CaseIndexes>();
    for (const code of regionCodes) {
      const [newToday, active, inFacility, discharged] = [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
      const [start, end] = prefixRange(this.cases.length, (i) => this.cases[i]!.communityCode, code);
      for (const c of this.cases.slice(start, end)) {
        if (shanghaiDate(c.reportedAt) === today) newToday.add(c.residentId);
        if (c.status === 'REPORTED' || c.status === 'TRANSFERRED') active.add(c.residentId);
        if (c.status === 'TRANSFERRED' && (c.facilityType === 'MAKESHIFT_HOSPITAL' || c.facilityType === 'DESIGNATED_HOSPITAL')) inFacility.add(c.residentId);
        if (c.status === 'DISCHARGED') discharged.add(c.residentId);
      }
      const [first, last] = prefixRange(this.contacts.length, (i) => this.contacts[i]!.communityCode, code);
      const quarantined = new Set(this.contacts.slice(first, last).map((contact) => contact.residentId));
      result.set(code, {
        newToday: newToday.size,
        active: active.size,
        inFacility: inFacility.size,
        discharged: discharged.size,
        closeContactsInQuarantine: quarantined.size,
      });
    }
    return result;
  }
}
