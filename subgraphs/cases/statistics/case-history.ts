/**
 * The cases' history held in memory (StatisticsHistory): every case with every
 * state of its timeline, every quarantine still holding at the window's start,
 * and where those contacts lived, so the case indexes at any instant of the
 * window are built in JavaScript instead of read from the database. The data
 * is small (thousands of cases and contacts at district size): plain arrays,
 * in the order the columns need. caseHistoryColumnsAt gives the same columns
 * as caseColumnsAt reads for the instant (case-indexes.queries.ts; tests
 * compare the two). Pure: no I/O.
 */
import { CaseIndexColumns, type CaseAtInstant, type ContactInQuarantine } from './case-indexes.js';

/** A case's state after one timeline event, from its instant (ms) on. */
export interface CaseState {
  at: number;
  status: CaseAtInstant['status'];
  facilityType: CaseAtInstant['facilityType'];
}

/** A case and its timeline. */
export interface CaseTimeline {
  communityCode: string;
  residentId: number;
  reportedAt: Date;
  /** In timeline order (instant, then event ID): the state at T is the last one at or before T. */
  states: CaseState[];
}

/** One close-contact record: in quarantine from `startsAt` to `until` (ms; the earlier of its planned end and its release). */
export interface QuarantineRecord {
  residentId: number;
  startsAt: number;
  until: number;
}

/** A residence period (ms; `endedAt` Infinity while it holds). */
export interface ResidenceSpan {
  communityCode: string;
  startedAt: number;
  endedAt: number;
}

export interface CaseHistory {
  /** Every case, in community code, resident ID, then case ID order (caseColumnsAt's). */
  cases: CaseTimeline[];
  /** The close-contact records whose quarantine had not stopped by the window's start. */
  quarantines: QuarantineRecord[];
  /** The residence periods of those contacts that had not ended by the window's start, per resident. */
  residences: Map<number, ResidenceSpan[]>;
}

/** The columns of the cases and close contacts of these regions (codes of any level) at `at`, from the history. */
export function caseHistoryColumnsAt(history: CaseHistory, regionCodes: readonly string[], at: Date): CaseIndexColumns {
  const t = at.getTime();
  const inRegions = (communityCode: string) => regionCodes.some((code) => communityCode.startsWith(code));
  const cases: CaseAtInstant[] = [];
  for (const timeline of history.cases) {
    if (timeline.reportedAt.getTime() > t || !inRegions(timeline.communityCode)) continue;
    // A case none of whose events has come yet is not counted (as the database path's lateral join).
    const state = timeline.states.findLast((candidate) => candidate.at <= t);
    if (state) cases.push({ communityCode: timeline.communityCode, residentId: timeline.residentId, reportedAt: timeline.reportedAt, status: state.status, facilityType: state.facilityType });
  }
  return new CaseIndexColumns(at, cases, contactsInQuarantineAt(history, inRegions, t));
}

/** One row per community and resident in quarantine at `t`, living there at `t`, with the latest stop of their quarantines, in community then resident order. */
function contactsInQuarantineAt(history: CaseHistory, inRegions: (communityCode: string) => boolean, t: number): ContactInQuarantine[] {
  const found: { communityCode: string; residentId: number; until: number }[] = [];
  for (const quarantine of history.quarantines) {
    if (quarantine.startsAt > t || quarantine.until <= t) continue;
    for (const residence of history.residences.get(quarantine.residentId) ?? []) {
      if (residence.startedAt <= t && t < residence.endedAt && inRegions(residence.communityCode)) {
        found.push({ communityCode: residence.communityCode, residentId: quarantine.residentId, until: quarantine.until });
      }
    }
  }
  found.sort((a, b) => (a.communityCode < b.communityCode ? -1 : a.communityCode > b.communityCode ? 1 : a.residentId - b.residentId));
  const rows: ContactInQuarantine[] = [];
  found.forEach((row, i) => {
    const next = found[i + 1];
    // One row per community and resident (found in that order): the last of a run, with the run's latest stop.
    if (next?.communityCode === row.communityCode && next.residentId === row.residentId) next.until = Math.max(next.until, row.until);
    else rows.push({ communityCode: row.communityCode, residentId: row.residentId, inQuarantineUntil: new Date(row.until) });
  });
  return rows;
}
