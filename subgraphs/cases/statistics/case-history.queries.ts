/**
 * Reads the cases' history (case-history.ts) for StatisticsHistory: every
 * case and timeline event, the close-contact records whose quarantine had not
 * stopped by the window's start, and those contacts' residence periods from
 * then on. A few thousand rows of each at district size.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import type { HistorySource } from '../../shared/snapshot/statistics-history.js';
import { caseHistoryColumnsAt, type CaseHistory, type CaseState, type CaseTimeline, type ResidenceSpan } from './case-history.js';
import type { CaseIndexColumns } from './case-indexes.js';

const ms = (value: string | null) => parseTimestamp(value)?.getTime() ?? Infinity;

/** Every fact of the case indexes that can matter at an instant ≥ `since`. */
export async function readCaseHistory(db: Db, since: Date): Promise<CaseHistory> {
  const from = sql`${since.toISOString()}::timestamptz`;
  // least() skips a null ended_at: the planned end then.
  const stops = sql`least(k.quarantine_ends_at, k.ended_at)`;
  const [cases, events, quarantines, residences] = await Promise.all([
    queryRows<{ id: string | number; community_code: string; resident_id: string | number; reported_at: string }>(
      db,
      sql`select id, community_code, resident_id, reported_at from cases.positive_cases order by community_code, resident_id, id`,
    ),
    queryRows<{ case_id: string | number; at: string; status: CaseState['status']; facility_type: CaseState['facilityType'] }>(
      db,
      sql`select e.case_id, e.at, e.status, f.type as facility_type
          from cases.case_events e left join cases.facilities f on f.id = e.facility_id
          order by e.case_id, e.at, e.id`,
    ),
    queryRows<{ resident_id: string | number; starts_at: string; until: string }>(
      db,
      sql`select k.resident_id, k.quarantine_starts_at as starts_at, ${stops} as until from cases.close_contacts k where ${stops} > ${from}`,
    ),
    queryRows<{ resident_id: string | number; community_code: string; started_at: string; ended_at: string | null }>(
      db,
      sql`select p.resident_id, p.community_code, p.started_at, p.ended_at from cases.residence_periods p
          where p.resident_id in (select k.resident_id from cases.close_contacts k where ${stops} > ${from})
            and (p.ended_at is null or p.ended_at > ${from})`,
    ),
  ]);
  const timelines = new Map<number, CaseTimeline>();
  const history: CaseHistory = {
    cases: cases.map((row) => {
      const timeline = { communityCode: row.community_code, residentId: Number(row.resident_id), reportedAt: parseTimestamp(row.reported_at), states: [] };
      timelines.set(Number(row.id), timeline);
      return timeline;
    }),
    quarantines: quarantines.map((row) => ({ residentId: Number(row.resident_id), startsAt: ms(row.starts_at), until: ms(row.until) })),
    residences: new Map(),
  };
  for (const row of events) timelines.get(Number(row.case_id))!.states.push({ at: ms(row.at), status: row.status, facilityType: row.facility_type });
  for (const row of residences) {
    const span: ResidenceSpan = { communityCode: row.community_code, startedAt: ms(row.started_at), endedAt: ms(row.ended_at) };
    const spans = history.residences.get(Number(row.resident_id));
    if (spans) spans.push(span);
    else history.residences.set(Number(row.resident_id), [span]);
  }
  return history;
}

/** The cases' HistorySource. */
export const caseHistorySource: HistorySource<CaseHistory, CaseIndexColumns> = {
  schema: 'cases',
  load: readCaseHistory,
  // Writes to the cases' tables name nobody (migrations 0006, 0011): a reload is a whole read, a few thousand rows.
  async reload(tx, history, _residentIds, since) {
    Object.assign(history, await readCaseHistory(tx, since));
  },
  columnsAt: caseHistoryColumnsAt,
};
