import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, {
  name: 'Gender',
  description: 'Gender as recorded on the identity card (the 17th digit of the identity number: odd for men, even for women).',
  valuesConfig: { MALE: { description: 'Male.' }, FEMALE: { description: 'Female.' } },
});

export enum ResidencyType {
  REGISTERED = 'REGISTERED',
  FLOATING = 'FLOATING',
  OVERSEAS = 'OVERSEAS',
}
registerEnumType(ResidencyType, {
  name: 'ResidencyType',
  description: 'How a resident lives in the district.',
  valuesConfig: {
    REGISTERED: { description: 'Holds household registration (hukou) here.' },
    FLOATING: { description: 'Lives here without household registration here.' },
    OVERSEAS: { description: 'From outside the mainland.' },
  },
});

/** The residency period a resident object was loaded with: the open one, or the last one for a moved-out resident. */
export interface Residency {
  communityCode: string;
  householdId: number;
  address: string;
  residencyType: ResidencyType;
  startedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person living (or who lived) in the district. Moved-out residents stay readable but are not counted.' })
export class Resident {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => Gender, { description: 'Gender, as encoded in the identity number.' })
  gender!: Gender;

  @Field(() => DateResolver, { description: 'Birth date, as encoded in the identity number.' })
  birthDate!: string;

  @Field(() => String, { description: '18-character resident identity number (GB 11643).' })
  idNumber!: string;

  @Field(() => String, { description: 'Mainland mobile phone number, 11 digits.' })
  phone!: string;

  @Field(() => DateTimeResolver, { description: 'When the resident was first registered as living in the district.' })
  registeredAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the resident moved out of the district; null while living here.' })
  movedOutAt!: Date | null;

  /** Not exposed directly: the fields below resolve from it. */
  residency!: Residency;

  @Field(() => ResidencyType, { description: 'Residency type of the current (or, once moved out, the last) residency.' })
  get residencyType(): ResidencyType {
    return this.residency.residencyType;
  }

  @Field(() => String, { description: 'Home address within the community.' })
  get address(): string {
    return this.residency.address;
  }
}
