/** Where cases knows residents to live (from population's events): the scope of Resident references. */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import { residentCommunities } from '../db.js';

export async function communitiesOfResidents(db: Db, residentIds: readonly number[]): Promise<{ residentId: number; communityCode: string }[]> {
  return db
    .select({ residentId: residentCommunities.residentId, communityCode: residentCommunities.communityCode })
    .from(residentCommunities)
    .where(inArray(residentCommunities.residentId, [...residentIds]));
}
