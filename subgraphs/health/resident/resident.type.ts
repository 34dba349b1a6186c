import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The population subgraph owns residents; health adds their test history. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person living (or who lived) in the district.' })
export class Resident {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
}
