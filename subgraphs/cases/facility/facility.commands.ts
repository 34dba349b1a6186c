import { badUserInput } from '../../shared/errors.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { facilities, type FacilityRow } from '../db.js';
import type { RegisterFacilityInput } from './facility.type.js';
import { validCommunityCode } from '../../shared/validation.js';

export const MAX_CAPACITY = 100_000;

export async function registerFacility(ctx: BaseContext, input: RegisterFacilityInput): Promise<FacilityRow> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw badUserInput('input.name', 'name must be 1 to 200 characters.');
  if (!Number.isInteger(input.capacity) || input.capacity < 0 || input.capacity > MAX_CAPACITY) {
    throw badUserInput('input.capacity', `capacity must be a whole number from 0 to ${MAX_CAPACITY} (got ${input.capacity}).`);
  }
  validCommunityCode(input.communityCode, 'input.communityCode');
  ctx.scope.assertCovers(input.communityCode);
  const [row] = await ctx.db.insert(facilities).values({ name, type: input.type, capacity: input.capacity, communityCode: input.communityCode }).returning();
  return row!;
}
