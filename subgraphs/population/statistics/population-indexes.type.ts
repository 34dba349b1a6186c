import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'The 9 population indexes of a region at an instant. "Residents" are those registered at or before the instant and not moved out at it; counts are of distinct residents.',
})
export class PopulationIndexes {
  @Field(() => Int, { description: 'Residents living in the region.' })
  residents!: number;

  @Field(() => Int, { description: 'Households with at least one resident.' })
  households!: number;

  @Field(() => Int, { description: 'Residents with household registration here (REGISTERED).' })
  registered!: number;

  @Field(() => Int, { description: 'Residents living here without household registration (FLOATING).' })
  floating!: number;

  @Field(() => Int, { description: 'Residents from outside the mainland (OVERSEAS).' })
  overseas!: number;

  @Field(() => Int, { description: 'Residents under 18 (age in whole years on the Asia/Shanghai calendar day of the instant).' })
  children!: number;

  @Field(() => Int, { description: 'Residents aged 60 or over.' })
  elderly60Plus!: number;

  @Field(() => Int, { description: 'Residents aged 80 or over.' })
  elderly80Plus!: number;

  @Field(() => Int, { description: 'Residents with at least one tag of category SPECIAL_CARE at the instant.' })
  specialCare!: number;
}
