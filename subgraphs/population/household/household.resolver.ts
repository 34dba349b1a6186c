import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PopulationContext } from '../context.js';
import { Region } from '../region/region.type.js';
import { toResident } from '../resident/resident.mapper.js';
import { Resident } from '../resident/resident.type.js';
import { Household } from './household.type.js';

@Resolver(() => Household)
export class HouseholdResolver {
  @FieldResolver(() => Region, { description: 'The community the household is in.' })
  async community(@Root() household: Household, @Ctx() ctx: PopulationContext) {
    return ctx.loaders.regionByCode.load(household.communityCode);
  }

  @FieldResolver(() => [Resident], { description: 'Current members of the household, by ID.' })
  async members(@Root() household: Household, @Ctx() ctx: PopulationContext) {
    const records = await ctx.loaders.householdMembers.load(Number(household.id));
    return records.map(toResident);
  }
}
