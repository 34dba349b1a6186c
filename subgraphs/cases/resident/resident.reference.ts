/**
 * Federation: the gateway hands over `{ id }` for the fields cases adds to Resident. A resident cases knows to
 * live outside the viewer's scope resolves to null, as population's `resident(id)` does; one cases has not
 * heard of yet passes (its fields show only cases and contacts within the scope anyway).
 */
import { inArray } from 'drizzle-orm';
import { numericId } from '../../shared/ids.js';
import type { Db } from '../../shared/db/database.js';
import type { CasesContext } from '../context.js';
import { residentCommunities } from '../db.js';
import type { Resident } from './resident.type.js';

export async function communitiesOfResidents(db: Db, residentIds: readonly number[]): Promise<{ residentId: number; communityCode: string }[]> {
  return db
    .select({ residentId: residentCommunities.residentId, communityCode: residentCommunities.communityCode })
    .from(residentCommunities)
    .where(inArray(residentCommunities.residentId, [...residentIds]));
}

export async function resolveResidentReference(reference: Resident, ctx: CasesContext): Promise<Resident | null> {
  const id = numericId(reference.id);
  const known = id === null ? null : await ctx.loaders.residentCommunity.load(id);
  return known && !ctx.scope.covers(known.communityCode) ? null : reference;
}

export const residentReference = { __resolveReference: resolveResidentReference };
