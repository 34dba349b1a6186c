/** Where health knows residents to live (from population's events): the scope of Resident references. */
import { desc, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import { residencePeriods } from '../db.js';

/** The community each resident lives in now, or last lived in once moved out (residents health does not know are left out). */
export async function latestCommunitiesOf(db: Db, residentIds: readonly number[]): Promise<{ residentId: number; communityCode: string }[]> {
  return db
    .selectDistinctOn([residencePeriods.residentId], { residentId: residencePeriods.residentId, communityCode: residencePeriods.communityCode })
    .from(residencePeriods)
    .where(inArray(residencePeriods.residentId, [...residentIds]))
    .orderBy(residencePeriods.residentId, sql`${residencePeriods.endedAt} is null desc`, desc(residencePeriods.startedAt), desc(residencePeriods.id));
}
