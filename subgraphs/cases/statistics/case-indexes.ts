/**
 * The 5 case indexes of regions, and the residents behind each, from every
 * case with its status at an instant H (in its community at report) and
 * every close contact in quarantine at H (in the community where the contact
 * lives at H, with the instant the quarantine stops), each held in
 * community-code order so a region of any level is one run. Exact at any
 * T ≥ H at which no case has been reported or changed status, no quarantine
 * has started and no contact has moved since H: the calendar day (new today)
 * and quarantines ending (planned end or release) are evaluated at T itself,
 * so a snapshot is not read again when a quarantine runs out. Counts are of
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
  /** When the last of their quarantines holding at H stops: the earlier of its planned end and its release. */
  inQuarantineUntil: Date;
}

/** The name of one case index (all 5 count residents). */
export type CaseIndexName = keyof CaseIndexes;

const INDEX_NAMES: readonly CaseIndexName[] = ['newToday', 'active', 'inFacility', 'discharged', 'closeContactsInQuarantine'];

/** What a case's status at H makes it count in (newToday depends on T's calendar day instead). */
const ACTIVE = 1;
const IN_FACILITY = 2;
const DISCHARGED = 4;
const STATUS_FLAG: Readonly<Record<Exclude<CaseIndexName, 'newToday' | 'closeContactsInQuarantine'>, number>> = { active: ACTIVE, inFacility: IN_FACILITY, discharged: DISCHARGED };

function statusFlags(c: CaseAtInstant): number {
  const active = c.status === 'REPORTED' || c.status === 'TRANSFERRED' ? ACTIVE : 0;
  const inFacility = c.status === 'TRANSFERRED' && (c.facilityType === 'MAKESHIFT_HOSPITAL' || c.facilityType === 'DESIGNATED_HOSPITAL') ? IN_FACILITY : 0;
  return active | inFacility | (c.status === 'DISCHARGED' ? DISCHARGED : 0);
}

/** Rows of one kind (cases or contacts) in community-code order, each resident numbered densely so distinct residents are counted with a flag array. */
interface Rows {
  codes: readonly string[];
  residentIds: readonly number[];
  /** Dense number of each row's resident, shared by cases and contacts (0 … residents - 1). */
  person: Int32Array;
}

export class CaseIndexColumns implements PeopleColumns<CaseIndexName> {
  private readonly cases: Rows;
  private readonly contacts: Rows;
  private readonly residents: number;
  /** Per case: which of active, inFacility, discharged its status at H counts in. */
  private readonly caseFlags: Uint8Array;
  /** Per case: the Asia/Shanghai calendar date of its report. */
  private readonly reportedOn: readonly string[];
  /** Per contact: the instant (ms) their quarantine stops; in quarantine at T < it. */
  private readonly until: Float64Array;

  /**
   * @param cases in community-code order
   * @param contacts in community-code order
   */
  constructor(
    readonly at: Date,
    cases: readonly CaseAtInstant[],
    contacts: readonly ContactInQuarantine[],
  ) {
    const people = new Map<number, number>();
    const rows = (all: readonly { communityCode: string; residentId: number }[]): Rows => ({
      codes: all.map((row) => row.communityCode),
      residentIds: all.map((row) => row.residentId),
      person: Int32Array.from(all, (row) => {
        let person = people.get(row.residentId);
        if (person === undefined) people.set(row.residentId, (person = people.size));
        return person;
      }),
    });
    this.cases = rows(cases);
    this.contacts = rows(contacts);
    this.residents = people.size;
    this.caseFlags = Uint8Array.from(cases, statusFlags);
    this.reportedOn = cases.map((c) => shanghaiDate(c.reportedAt));
    this.until = Float64Array.from(contacts, (contact) => contact.inQuarantineUntil.getTime());
  }

  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, CaseIndexes> {
    const result = new Map<string, CaseIndexes>();
    for (const code of regionCodes) {
      const counts = {} as CaseIndexes;
      for (const index of INDEX_NAMES) {
        let count = 0;
        this.eachCounted(index, instant, code, () => count++);
        counts[index] = count;
      }
      result.set(code, counts);
    }
    return result;
  }

  /** Each resident once, in the first community (code order) of the region where the index counts them. */
  peopleAt(index: CaseIndexName, instant: Date, regionCode: string): CommunityPeople[] {
    const groups: { communityCode: string; residentIds: number[] }[] = [];
    const rows = index === 'closeContactsInQuarantine' ? this.contacts : this.cases;
    this.eachCounted(index, instant, regionCode, (row) => {
      const communityCode = rows.codes[row]!;
      if (groups.at(-1)?.communityCode !== communityCode) groups.push({ communityCode, residentIds: [] });
      groups.at(-1)!.residentIds.push(rows.residentIds[row]!);
    });
    return namedPeople(groups);
  }

  /** Every region with a counted case or contact. */
  regionCodes(): string[] {
    return regionsOf([...this.cases.codes, ...this.contacts.codes]);
  }

  /** Calls `visit` with each row of the region that `index` counts at `instant`, the first of each resident only, in code order. */
  private eachCounted(index: CaseIndexName, instant: Date, regionCode: string, visit: (row: number) => void): void {
    if (instant.getTime() < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const rows = index === 'closeContactsInQuarantine' ? this.contacts : this.cases;
    const counts = this.counts(index, instant);
    const seen = new Uint8Array(this.residents);
    const [start, end] = prefixRange(rows.codes.length, (i) => rows.codes[i]!, regionCode);
    for (let row = start; row < end; row++) {
      const person = rows.person[row]!;
      if (seen[person] || !counts(row)) continue;
      seen[person] = 1;
      visit(row);
    }
  }

  /** Whether a row (of cases, or of contacts for closeContactsInQuarantine) counts in `index` at `instant`. */
  private counts(index: CaseIndexName, instant: Date): (row: number) => boolean {
    switch (index) {
      case 'newToday': {
        const today = shanghaiDate(instant);
        return (row) => this.reportedOn[row] === today;
      }
      case 'closeContactsInQuarantine': {
        const t = instant.getTime();
        return (row) => t < this.until[row]!;
      }
      default: {
        const flag = STATUS_FLAG[index];
        return (row) => (this.caseFlags[row]! & flag) !== 0;
      }
    }
  }
}
