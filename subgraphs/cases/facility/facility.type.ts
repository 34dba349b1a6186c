import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Region } from '../region/region.type.js';

export enum FacilityType {
  MAKESHIFT_HOSPITAL = 'MAKESHIFT_HOSPITAL',
  DESIGNATED_HOSPITAL = 'DESIGNATED_HOSPITAL',
  HOME_ISOLATION = 'HOME_ISOLATION',
}
registerEnumType(FacilityType, {
  name: 'FacilityType',
  description: 'Where a case is placed: a makeshift (Fangcang) hospital, a designated hospital, or home isolation (managed as a facility with a capacity).',
  valuesConfig: {
    MAKESHIFT_HOSPITAL: { description: 'A makeshift (Fangcang) hospital for mild and asymptomatic cases; counted by inFacility.' },
    DESIGNATED_HOSPITAL: { description: 'A hospital designated for severe and critical cases; counted by inFacility.' },
    HOME_ISOLATION: { description: 'Isolation at home under supervision; not counted by inFacility.' },
  },
});

@ObjectType({ description: 'A place cases are transferred to, with a capacity; a full facility refuses transfers.' })
export class Facility {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Field(() => FacilityType, { description: 'Kind of facility.' })
  type!: FacilityType;

  @Field(() => Int, { description: 'How many cases it can hold at once.' })
  capacity!: number;

  @Field(() => ID, { description: 'Code of the community it lies in.' })
  communityCode!: string;

  @Field(() => Region, { description: 'The community it lies in.' })
  community!: Region;
}

@InputType({ description: 'A facility to register.' })
export class RegisterFacilityInput {
  @Field(() => String, { description: 'Name, 1 to 200 characters.' })
  name!: string;

  @Field(() => FacilityType, { description: 'Kind of facility.' })
  type!: FacilityType;

  @Field(() => Int, { description: 'How many cases it can hold at once (0 to 100000).' })
  capacity!: number;

  @Field(() => ID, { description: 'Code of the community it lies in (12 digits), within your scope.' })
  communityCode!: string;
}
