import { Field, ID, ObjectType, UseMiddleware } from 'type-graphql';
import { PersonalField } from '../../shared/auth/personal-field.js';
import type { PopulationContext } from '../context.js';

@ObjectType({ description: 'A household: the people registered at one address of a community.' })
export class Household {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, {
    description: 'Address of the household within its community. Roles without personal data see only the name of the community (the address cut to the community).',
  })
  @UseMiddleware(PersonalField('ADDRESS', { residentId: () => null, communityName: communityNameOf }))
  address!: string;

  /** Resolved into `community` through a loader. */
  communityCode!: string;
}

/** The name of the household's community (what a masked address shows). */
async function communityNameOf(household: Household, ctx: PopulationContext): Promise<string> {
  const community = await ctx.loaders.regionByCode.load(household.communityCode);
  return community?.name ?? household.communityCode;
}
