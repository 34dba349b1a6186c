/**
 * Reads the permits' history (permit-history.ts) for StatisticsHistory:
 * enterprises and their resumption changes, permits and their status changes
 * (all of them: about 160 k and 300 k rows at district size), and each
 * holder's residence periods from the window's start on. Instants are read as
 * epoch milliseconds (float8), which the columns hold, rather than as text to
 * parse row by row.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { CommunityIndex } from '../../shared/snapshot/region-sums.js';
import type { HistorySource } from '../../shared/snapshot/statistics-history.js';
import { PERMIT_STATE, permitHistoryColumnsAt, type PermitHistory } from './permit-history.js';
import type { PermitIndexColumns } from './permit-indexes.js';

/** An instant as epoch milliseconds (exact: instants are stored to the millisecond). */
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;
/** Numbers arrive as numbers or as text depending on the driver; null is NaN (no instant). */
const num = (value: string | number | null) => (value === null ? NaN : Number(value));

type Id = string | number;

/** Every fact of the permit indexes that can matter at an instant ≥ `since`. */
export async function readPermitHistory(db: Db, since: Date): Promise<PermitHistory> {
  const from = sql`${since.toISOString()}::timestamptz`;
  const [enterpriseRows, enterpriseChanges, permitRows, permitChanges, residenceRows] = await Promise.all([
    queryRows<{ id: Id; community_code: string }>(db, sql`select id, community_code from permits.enterprises order by community_code, id`),
    queryRows<{ subject: Id; at_ms: Id; state: number }>(
      db,
      sql`select enterprise_id as subject, ${epochMs(sql`at`)} as at_ms, (status = 'APPROVED_TO_RESUME')::int as state
          from permits.enterprise_status_changes order by enterprise_id, at, id`,
    ),
    queryRows<{ id: Id; resident_id: Id; enterprise_id: Id; applied_at: Id; valid_from: Id | null; valid_to: Id | null }>(
      db,
      sql`select p.id, p.resident_id, p.enterprise_id, ${epochMs(sql`p.applied_at`)} as applied_at,
            ${epochMs(sql`p.valid_from`)} as valid_from, ${epochMs(sql`p.valid_to`)} as valid_to
          from permits.work_permits p join permits.enterprises e on e.id = p.enterprise_id
          order by e.community_code, p.id`,
    ),
    queryRows<{ subject: Id; at_ms: Id; state: number }>(
      db,
      sql`select permit_id as subject, ${epochMs(sql`at`)} as at_ms,
            case to_status when 'PENDING' then ${PERMIT_STATE.PENDING} when 'APPROVED' then ${PERMIT_STATE.APPROVED} else ${PERMIT_STATE.OTHER} end as state
          from permits.permit_events order by permit_id, at, id`,
    ),
    queryRows<{ subject: Id; started_ms: Id; ended_ms: Id | null }>(
      db,
      sql`select p.id as subject, ${epochMs(sql`r.started_at`)} as started_ms, ${epochMs(sql`r.ended_at`)} as ended_ms
          from permits.work_permits p join permits.residence_periods r on r.resident_id = p.resident_id
          where r.ended_at is null or r.ended_at > ${from}
          order by p.id, r.started_at`,
    ),
  ]);
  const enterpriseAt = new Map(enterpriseRows.map((row, i) => [Number(row.id), i]));
  const permitAt = new Map(permitRows.map((row, i) => [Number(row.id), i]));
  const enterpriseChangeRows = perSubject(enterpriseRows.length, enterpriseChanges, enterpriseAt);
  const permitChangeRows = perSubject(permitRows.length, permitChanges, permitAt);
  const residenceRowsOf = perSubject(permitRows.length, residenceRows, permitAt);
  // Enterprises come in code order, so their communities are numbered in code order too.
  const communities = new CommunityIndex();
  return {
    enterprises: {
      communities,
      community: Uint16Array.from(enterpriseRows, (row) => communities.indexOf(row.community_code)),
      changes: {
        offsets: enterpriseChangeRows.offsets,
        at: Float64Array.from(enterpriseChangeRows.rows, (k) => num(enterpriseChanges[k]!.at_ms)),
        state: Uint8Array.from(enterpriseChangeRows.rows, (k) => Number(enterpriseChanges[k]!.state)),
      },
    },
    permits: {
      ids: Float64Array.from(permitRows, (row) => Number(row.id)),
      holders: Float64Array.from(permitRows, (row) => Number(row.resident_id)),
      enterprise: Int32Array.from(permitRows, (row) => enterpriseAt.get(Number(row.enterprise_id))!),
      appliedAt: Float64Array.from(permitRows, (row) => num(row.applied_at)),
      validFrom: Float64Array.from(permitRows, (row) => num(row.valid_from)),
      validTo: Float64Array.from(permitRows, (row) => num(row.valid_to)),
      changes: {
        offsets: permitChangeRows.offsets,
        at: Float64Array.from(permitChangeRows.rows, (k) => num(permitChanges[k]!.at_ms)),
        state: Uint8Array.from(permitChangeRows.rows, (k) => Number(permitChanges[k]!.state)),
      },
      residences: {
        offsets: residenceRowsOf.offsets,
        startedAt: Float64Array.from(residenceRowsOf.rows, (k) => num(residenceRows[k]!.started_ms)),
        endedAt: Float64Array.from(residenceRowsOf.rows, (k) => (residenceRows[k]!.ended_ms === null ? Infinity : num(residenceRows[k]!.ended_ms))),
      },
    },
  };
}

/**
 * Rows about subjects (in subject, then their own order) grouped by the subjects' positions (`positionOf` their
 * IDs): subject i's rows are rows[k] for k in rows[offsets[i]], …, rows[offsets[i + 1] - 1], in their order.
 */
function perSubject(subjects: number, rows: readonly { subject: Id }[], positionOf: Map<number, number>): { offsets: Int32Array; rows: Int32Array } {
  const positions = Int32Array.from(rows, (row) => positionOf.get(Number(row.subject))!);
  const offsets = new Int32Array(subjects + 1);
  for (const position of positions) offsets[position + 1]!++;
  for (let i = 0; i < subjects; i++) offsets[i + 1]! += offsets[i]!;
  const next = offsets.slice(0, subjects);
  const grouped = new Int32Array(rows.length);
  positions.forEach((position, k) => (grouped[next[position]!++] = k));
  return { offsets, rows: grouped };
}

/** The permits' HistorySource. */
export const permitHistorySource: HistorySource<PermitHistory, PermitIndexColumns> = {
  schema: 'permits',
  load: readPermitHistory,
  // Writes to the permits' tables name nobody (migrations 0005, 0012): a reload is a whole read.
  async reload(tx, history, _residentIds, since) {
    Object.assign(history, await readPermitHistory(tx, since));
  },
  columnsAt: permitHistoryColumnsAt,
};
