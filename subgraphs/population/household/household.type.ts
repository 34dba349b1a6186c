import { Field, ID, ObjectType, UseMiddleware } from 'type-graphql';
import { PersonalField } from '../../shared/auth/personal-field.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { communityName, type LoadsRegions } from '../region/community-name.js';

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

/** What a masked address shows: the community's name. */
function communityNameOf(household: Household, ctx: BaseContext & LoadsRegions): Promise<string> {
  return communityName(household.communityCode, ctx);
}
