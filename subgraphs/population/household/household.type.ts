import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A household: the people registered at one address of a community.' })
export class Household {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Address of the household within its community.' })
  address!: string;

  /** Resolved into `community` through a loader. */
  communityCode!: string;
}
