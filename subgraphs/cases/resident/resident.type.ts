import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The population subgraph owns residents; cases adds their positive case and close-contact records. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person living (or who lived) in the district.' })
export class Resident {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
}

export const residentRef = (id: number): Resident => Object.assign(new Resident(), { id: String(id) });
