import { desc, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import { samples, type SampleRow } from '../db.js';

/** The latest `limit` samples of each resident, newest first, in one statement. */
export async function latestSamplesOf(db: Db, residentIds: readonly number[], limit: number): Promise<SampleRow[]> {
  const ranked = db
    .select({ barcode: samples.barcode, rank: sql<number>`row_number() over (partition by ${samples.residentId} order by ${samples.sampledAt} desc, ${samples.barcode} desc)`.as('rank') })
    .from(samples)
    .where(inArray(samples.residentId, [...residentIds]))
    .as('ranked');
  return db
    .select({ sample: samples })
    .from(samples)
    .innerJoin(ranked, sql`${ranked.barcode} = ${samples.barcode} and ${ranked.rank} <= ${limit}`)
    .orderBy(desc(samples.sampledAt), desc(samples.barcode))
    .then((rows) => rows.map((row) => row.sample));
}
