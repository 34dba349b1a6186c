import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CaseClassification } from '../case/case.type.js';
import { Resident } from '../resident/resident.type.js';

export enum CloseContactStatus {
  QUARANTINED = 'QUARANTINED',
  RELEASED = 'RELEASED',
  CONVERTED_TO_CASE = 'CONVERTED_TO_CASE',
}
registerEnumType(CloseContactStatus, {
  name: 'CloseContactStatus',
  description:
    'QUARANTINED (until quarantineEndsAt, when the quarantine ends by itself), RELEASED early, or CONVERTED_TO_CASE (the contact became a case).',
  valuesConfig: {
    QUARANTINED: { description: 'In quarantine (RED code with CLOSE_CONTACT) until quarantineEndsAt.' },
    RELEASED: { description: 'Released before the planned end.' },
    CONVERTED_TO_CASE: { description: 'Became a positive case; the quarantine ended then.' },
  },
});

export const DEFAULT_QUARANTINE_DAYS = 14;
export const MAX_QUARANTINE_DAYS = 60;

@ObjectType({ description: 'A close contact of a positive case, quarantined from quarantineStartsAt until quarantineEndsAt unless released or converted earlier.' })
export class CloseContact {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => Resident, { nullable: true, description: 'The contact; null when they live outside your scope (a row of yours may name a person who is not).' })
  resident!: Resident;

  @Field(() => ID, { description: 'ID of the case they were in contact with (read it with `case`).' })
  caseId!: string;

  @Field(() => DateResolver, { description: 'Calendar day (Asia/Shanghai) of the exposure.' })
  exposureDate!: string;

  @Field(() => DateTimeResolver, { description: 'When the quarantine holds from (and counts in the indexes from): when it was recorded.' })
  quarantineStartsAt!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      'The start the tracer gave (addCloseContact\'s quarantineStartsAt), stored as given: the planned end counts from it, but the quarantine holds only from `quarantineStartsAt`. Null when none was given.',
  })
  statedQuarantineStartsAt!: Date | null;

  @Field(() => DateTimeResolver, { description: 'When the quarantine ends as planned.' })
  quarantineEndsAt!: Date;

  @Field(() => CloseContactStatus, { description: 'Current status.' })
  status!: CloseContactStatus;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When released early or converted to a case; null otherwise.' })
  endedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The case the contact became (CONVERTED_TO_CASE); null otherwise.' })
  convertedCaseId!: string | null;

  @Field(() => Boolean, { description: 'True while in quarantine now: started, planned end not reached, not released or converted.' })
  inQuarantine!: boolean;
}

@InputType({ description: 'A close contact of a case, to quarantine.' })
export class AddCloseContactInput {
  @Field(() => ID, { description: 'The case.' })
  caseId!: string;

  @Field(() => ID, { description: 'The contact (a resident other than the case\'s).' })
  residentId!: string;

  @Field(() => DateResolver, { description: 'Calendar day of the exposure: not in the future.' })
  exposureDate!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      'When the quarantine started, if earlier than now: the planned end (quarantineDays) counts from it and it is shown as statedQuarantineStartsAt, but the quarantine holds from the instant it is recorded. Not in the future; the planned end must lie ahead.',
  })
  quarantineStartsAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: `Quarantine length in days (1 to ${MAX_QUARANTINE_DAYS}); ${DEFAULT_QUARANTINE_DAYS} when neither this nor quarantineEndsAt is given.`,
  })
  quarantineDays?: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Planned end instead of quarantineDays (after the start); give one of the two at most.' })
  quarantineEndsAt?: Date | null;
}

@InputType({ description: 'How the case a close contact becomes is opened.' })
export class ConvertCloseContactInput {
  @Field(() => CaseClassification, { description: 'Clinical classification of the new case.' })
  classification!: CaseClassification;

  @Field(() => String, { nullable: true, description: 'Barcode of the positive sample, if any.' })
  sourceBarcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Note for both timelines.' })
  note?: string | null;
}
