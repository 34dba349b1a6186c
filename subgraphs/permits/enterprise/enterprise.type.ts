import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An enterprise in the district that may resume work with permits for its staff.' })
export class Enterprise {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Unified social credit code (18 characters, GB 32100).' })
  creditCode!: string;

  @Field(() => String, { description: 'Registered name.' })
  name!: string;

  @Field(() => String, { description: 'Industry.' })
  industry!: string;

  /** Resolved into `community`. */
  communityCode!: string;
}

/** The population subgraph owns regions; permits only refers to them. */
@Directive('@key(fields: "code", resolvable: false)')
@ObjectType('Region', { description: 'A district, town or community.' })
export class RegionReference {
  @Field(() => ID, { description: 'Administrative code.' })
  code!: string;
}
