import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CasesContext } from '../context.js';
import { registerFacility } from './facility.commands.js';
import { toFacility } from './facility.mapper.js';
import { facilitiesIn } from './facility.queries.js';
import { Facility, FacilityType, RegisterFacilityInput } from './facility.type.js';

@Resolver(() => Facility)
export class FacilityResolver {
  @Mutation(() => Facility, {
    description: 'Registers a facility. Errors: BAD_USER_INPUT naming the field (input.name, input.capacity, input.communityCode), FORBIDDEN outside your scope.',
  })
  async registerFacility(@Arg('input', () => RegisterFacilityInput, { description: 'The facility.' }) input: RegisterFacilityInput, @Ctx() ctx: CasesContext) {
    return toFacility(await registerFacility(ctx, input));
  }

  @Query(() => [Facility], { description: 'Facilities in your scope, by type and name; optionally of one type and in one region (any level).' })
  async facilities(
    @Arg('type', () => FacilityType, { nullable: true, description: 'Only facilities of this type.' }) type: FacilityType | null,
    @Arg('regionCode', () => ID, { nullable: true, description: 'Only facilities in this region (6-, 9- or 12-digit code).' }) regionCode: string | null,
    @Ctx() ctx: CasesContext,
  ) {
    if (regionCode != null) {
      await ctx.scope.assertRegion(regionCode);
    }
    return (await facilitiesIn(ctx.db, ctx.scope, type ?? null, regionCode ?? null)).map(toFacility);
  }

  @FieldResolver(() => Int, { description: 'Cases TRANSFERRED into it now (counted from the cases, never kept by hand).' })
  async occupied(@Root() facility: Facility, @Ctx() ctx: CasesContext) {
    return (await ctx.loaders.occupancy.load(Number(facility.id)))?.occupied ?? 0;
  }

  @FieldResolver(() => Int, { description: 'Places left: capacity − occupied (0 when full).' })
  async available(@Root() facility: Facility, @Ctx() ctx: CasesContext) {
    const occupied = (await ctx.loaders.occupancy.load(Number(facility.id)))?.occupied ?? 0;
    return Math.max(0, facility.capacity - occupied);
  }
}
