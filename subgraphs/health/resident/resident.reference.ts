/**
 * Federation: the gateway hands over `{ id }` for the fields health adds to Resident. A resident health knows
 * to live (or, once moved out, to have last lived) outside the viewer's scope resolves to null, as population's
 * `resident(id)` does; one health has not heard of yet passes (it has no health facts to show).
 */
import { desc, inArray, sql } from 'drizzle-orm';
import { numericId } from '../../shared/ids.js';
import type { Db } from '../../shared/db/database.js';
import type { HealthContext } from '../context.js';
import { residencePeriods } from '../db.js';
import type { Resident } from './resident.type.js';

/** The community each resident lives in now, or last lived in once moved out (residents health does not know are left out). */
export async function latestCommunitiesOf(db: Db, residentIds: readonly number[]): Promise<{ residentId: number; communityCode: string }[]> {
  return db
    .selectDistinctOn([residencePeriods.residentId], { residentId: residencePeriods.residentId, communityCode: residencePeriods.communityCode })
    .from(residencePeriods)
    .where(inArray(residencePeriods.residentId, [...residentIds]))
    .orderBy(residencePeriods.residentId, sql`${residencePeriods.endedAt} is null desc`, desc(residencePeriods.startedAt), desc(residencePeriods.id));
}

export async function resolveResidentReference(reference: Resident, ctx: HealthContext): Promise<Resident | null> {
  const id = numericId(reference.id);
  const known = id === null ? null : await ctx.loaders.residentCommunity.load(id);
  return known && !ctx.scope.covers(known.communityCode) ? null : reference;
}

export const residentReference = { __resolveReference: resolveResidentReference };
