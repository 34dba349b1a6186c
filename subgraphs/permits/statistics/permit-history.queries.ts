/**
 * Reads the permits' history (permit-history.ts) for StatisticsHistory:
 * enterprises and their resumption changes, permits and their status changes
 * (all of them: about 160 k and 300 k rows at district size), and the
 * holders' residence periods from the window's start on. Instants are read as
 * epoch milliseconds (float8), which the columns hold, rather than as text to
 * parse row by row.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import type { HistorySource } from '../../shared/snapshot/statistics-history.js';
import { PERMIT_STATE, permitHistoryColumnsAt, type ChangeColumns, type PermitHistory } from './permit-history.js';
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
    queryRows<{ resident_id: Id; started_at: Id; ended_at: Id | null }>(
      db,
      sql`select resident_id, ${epochMs(sql`started_at`)} as started_at, ${epochMs(sql`ended_at`)} as ended_at
          from permits.residence_periods
          where (ended_at is null or ended_at > ${from}) and resident_id in (select resident_id from permits.work_permits)
          order by resident_id, started_at`,
    ),
  ]);
  const enterpriseAt = new Map(enterpriseRows.map((row, i) => [Number(row.id), i]));
  const permitAt = new Map(permitRows.map((row, i) => [Number(row.id), i]));
  return {
    enterprises: { communityCodes: enterpriseRows.map((row) => row.community_code), changes: changeColumns(enterpriseRows.length, enterpriseChanges, enterpriseAt) },
    permits: {
      ids: Float64Array.from(permitRows, (row) => Number(row.id)),
      holders: Float64Array.from(permitRows, (row) => Number(row.resident_id)),
      enterprise: Int32Array.from(permitRows, (row) => enterpriseAt.get(Number(row.enterprise_id))!),
      appliedAt: Float64Array.from(permitRows, (row) => num(row.applied_at)),
      validFrom: Float64Array.from(permitRows, (row) => num(row.valid_from)),
      validTo: Float64Array.from(permitRows, (row) => num(row.valid_to)),
      changes: changeColumns(permitRows.length, permitChanges, permitAt),
    },
    residences: {
      residentIds: Float64Array.from(residenceRows, (row) => Number(row.resident_id)),
      startedAt: Float64Array.from(residenceRows, (row) => num(row.started_at)),
      endedAt: Float64Array.from(residenceRows, (row) => (row.ended_at === null ? Infinity : num(row.ended_at))),
    },
  };
}

/** Changes (in subject, then instant order) gathered per subject, subjects numbered by `positionOf`. */
function changeColumns(subjects: number, rows: readonly { subject: Id; at_ms: Id; state: number | string }[], positionOf: Map<number, number>): ChangeColumns {
  const offsets = new Int32Array(subjects + 1);
  const positions = Int32Array.from(rows, (row) => positionOf.get(Number(row.subject))!);
  for (const position of positions) offsets[position + 1]!++;
  for (let i = 0; i < subjects; i++) offsets[i + 1]! += offsets[i]!;
  const next = offsets.slice(0, subjects);
  const at = new Float64Array(rows.length);
  const state = new Uint8Array(rows.length);
  rows.forEach((row, k) => {
    const slot = next[positions[k]!]!++;
    at[slot] = num(row.at_ms);
    state[slot] = Number(row.state);
  });
  return { offsets, at, state };
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
