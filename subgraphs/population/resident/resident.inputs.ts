import { Field, ID, InputType } from 'type-graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { Gender, ResidencyType } from './resident.type.js';

@InputType({ description: 'A person moving into (or found living in) the district.' })
export class RegisterResidentInput {
  @Field(() => String, { description: 'Full name, 1–64 characters.' })
  name!: string;

  @Field(() => String, { description: '18-character resident identity number; its check character is verified.' })
  idNumber!: string;

  @Field(() => String, { description: 'Mainland mobile phone number, 11 digits.' })
  phone!: string;

  @Field(() => ResidencyType, { description: 'How the person lives here.' })
  residencyType!: ResidencyType;

  @Field(() => ID, { description: 'Code of the community (12 digits) the person lives in.' })
  communityCode!: string;

  @Field(() => ID, { nullable: true, description: 'Existing household (in that community) to join; a new household is created when omitted.' })
  householdId?: string | null;

  @Field(() => String, { nullable: true, description: 'Address; required for a new household, defaults to the household\'s address otherwise.' })
  address?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the person moved in; now when omitted. Not in the future.' })
  movedInAt?: Date | null;

  @Field(() => Gender, { nullable: true, description: 'Optional cross-check: must match the identity number.' })
  gender?: Gender | null;

  @Field(() => DateResolver, { nullable: true, description: 'Optional cross-check: must match the identity number.' })
  birthDate?: Date | null;
}

@InputType({ description: 'Changes to a current resident; omitted fields stay as they are. Residency changes take effect now and keep the earlier period in history.' })
export class UpdateResidentInput {
  @Field(() => String, { nullable: true, description: 'New full name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New mobile phone number.' })
  phone?: string | null;

  @Field(() => ResidencyType, { nullable: true, description: 'New residency type (e.g. FLOATING → REGISTERED on obtaining household registration).' })
  residencyType?: ResidencyType | null;

  @Field(() => ID, { nullable: true, description: 'New community (a move within the district).' })
  communityCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Household to join (must be in the resulting community).' })
  householdId?: string | null;

  @Field(() => String, { nullable: true, description: 'New address; with a new community and no household, a new household at this address is created.' })
  address?: string | null;
}
