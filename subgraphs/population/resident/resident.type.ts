import { Directive, Field, ID, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { PersonalField } from '../../shared/auth/personal-field.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { communityName, type LoadsRegions } from '../region/community-name.js';

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

export enum ResidencyEndReason {
  MOVED_OUT = 'MOVED_OUT',
  DECEASED = 'DECEASED',
}
registerEnumType(ResidencyEndReason, {
  name: 'ResidencyEndReason',
  description: 'Why a resident no longer lives in the district.',
  valuesConfig: {
    MOVED_OUT: { description: 'Moved out of the district (moveOutResident).' },
    DECEASED: { description: 'Died: a positive case closed as DECEASED ended the residency at the instant of death.' },
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

  @Field(() => String, { description: 'Full name. Roles without personal data see the surname (first character) and `*`.' })
  @UseMiddleware(PersonalField('NAME'))
  name!: string;

  @Field(() => Gender, { description: 'Gender, as encoded in the identity number.' })
  gender!: Gender;

  @Field(() => DateResolver, {
    description:
      'Birth date, as encoded in the identity number. Roles without personal data get the year only, as YYYY-01-01: ' +
      'the month and day are then not the real ones.',
  })
  @UseMiddleware(PersonalField('BIRTH_DATE'))
  birthDate!: string;

  @Field(() => String, {
    description: '18-character resident identity number (GB 11643). Roles without personal data see the first 6 and last 4 characters, `*` between.',
  })
  @UseMiddleware(PersonalField('ID_NUMBER'))
  idNumber!: string;

  @Field(() => String, { description: 'Mainland mobile phone number, 11 digits. Roles without personal data see the first 3 and last 4 digits (138****5678).' })
  @UseMiddleware(PersonalField('PHONE'))
  phone!: string;

  @Field(() => DateTimeResolver, { description: 'When the resident was first registered as living in the district.' })
  registeredAt!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'When the residency ended (recorded, so counted from then): a move out of the district or a death (see `residencyEndReason`); null while living here.',
  })
  movedOutAt!: Date | null;

  @Field(() => ResidencyEndReason, { nullable: true, description: 'Why the resident no longer lives here; null while living here.' })
  residencyEndReason!: ResidencyEndReason | null;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      'The earlier moved-in instant the current (or last) registration stated, when it differs from when it was recorded. Shown only: a registration counts from when it was recorded, so past numbers never move.',
  })
  statedMovedInAt!: Date | null;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'The earlier moved-out instant the move-out stated, when it differs from `movedOutAt` (when it was recorded). Shown only, never counted.',
  })
  statedMovedOutAt!: Date | null;

  /** Not exposed directly: the fields below resolve from it. */
  residency!: Residency;

  @Field(() => ResidencyType, { description: 'Residency type of the current (or, once moved out, the last) residency.' })
  get residencyType(): ResidencyType {
    return this.residency.residencyType;
  }

  @Field(() => String, {
    description: 'Home address within the community. Roles without personal data see only the name of the community (the address cut to the community).',
  })
  @UseMiddleware(PersonalField('ADDRESS', { communityName: communityNameOf }))
  get address(): string {
    return this.residency.address;
  }
}

/** What a masked address shows: the community's name. */
function communityNameOf(resident: Resident, ctx: BaseContext & LoadsRegions): Promise<string> {
  return communityName(resident.residency.communityCode, ctx);
}
