import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The population subgraph owns regions; permits adds the permit indexes and refers to communities. */
@Directive('@key(fields: "code")')
@ObjectType({ description: 'A district, town or community.' })
export class Region {
  @Field(() => ID, { description: 'Administrative code: 6 digits for a district, 9 for a town, 12 for a community.' })
  code!: string;
}
