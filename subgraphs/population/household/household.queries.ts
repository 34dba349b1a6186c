import { and, inArray } from 'drizzle-orm';
import type { BaseContext } from '../../shared/subgraph.js';
import { households } from '../db.js';
import { Household } from './household.type.js';

export async function householdsByIds(ctx: BaseContext, ids: readonly number[]): Promise<Household[]> {
  const rows = await ctx.db
    .select()
    .from(households)
    .where(and(inArray(households.id, [...ids]), ctx.scope.communities(households.communityCode)));
  return rows.map((row) => Object.assign(new Household(), { id: String(row.id), address: row.address, communityCode: row.communityCode }));
}
