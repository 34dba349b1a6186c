/**
 * Lab rows no resident matched yet (health.samples without a resident), newest
 * arrival first. The cursor keeps received_at as the database wrote it
 * (microseconds), so no row is skipped or repeated between pages.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import type { SampleRow } from '../db.js';

export interface UnmatchedRow {
  barcode: string;
  id_number: string;
  sampled_at: string;
  result: SampleRow['result'];
  lab: string;
  /** As the database prints it: the cursor's key. */
  received_at: string;
}

export interface UnmatchedKey {
  receivedAt: string;
  barcode: string;
}

/** Up to `limit` unmatched rows after `after`, ordered by received_at then barcode, both descending. */
export async function unmatchedPage(db: Db, limit: number, after: UnmatchedKey | null): Promise<UnmatchedRow[]> {
  const afterKey = after ? sql`and (received_at, barcode) < (${after.receivedAt}::timestamptz, ${after.barcode})` : sql``;
  return queryRows<UnmatchedRow>(
    db,
    sql`select barcode, id_number, sampled_at, result, lab, received_at from health.samples
        where resident_id is null ${afterKey}
        order by received_at desc, barcode desc limit ${limit}`,
  );
}

export async function unmatchedCount(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from health.samples where resident_id is null`);
  return row!.n;
}
