import { desc, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import { outreach, type OutreachRow } from '../db.js';

/** The latest `limit` outreach records of each resident, newest first, in one statement. */
export async function latestOutreachOf(db: Executor, residentIds: readonly number[], limit: number): Promise<OutreachRow[]> {
  const ranked = db
    .select({
      id: outreach.id,
      rank: sql<number>`row_number() over (partition by ${outreach.residentId} order by ${outreach.contactedAt} desc, ${outreach.id} desc)`.as('rank'),
    })
    .from(outreach)
    .where(inArray(outreach.residentId, [...residentIds]))
    .as('ranked');
  return db
    .select({ outreach })
    .from(outreach)
    .innerJoin(ranked, sql`${ranked.id} = ${outreach.id} and ${ranked.rank} <= ${limit}`)
    .orderBy(desc(outreach.contactedAt), desc(outreach.id))
    .then((rows) => rows.map((row) => row.outreach));
}
