import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Region } from '../region/region.type.js';
import { Resident } from '../resident/resident.type.js';

export enum CaseStatus {
  REPORTED = 'REPORTED',
  TRANSFERRED = 'TRANSFERRED',
  DISCHARGED = 'DISCHARGED',
  DECEASED = 'DECEASED',
}
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description:
    'Where a positive case stands: REPORTED → TRANSFERRED (to a facility, again to move it) → DISCHARGED, and → DECEASED from REPORTED or TRANSFERRED. ' +
    'DISCHARGED and DECEASED are final.',
  valuesConfig: {
    REPORTED: { description: 'Reported, not yet placed in a facility; active.' },
    TRANSFERRED: { description: 'In a facility (makeshift hospital, designated hospital or home isolation); active.' },
    DISCHARGED: { description: 'Discharged; 7 days of home health observation follow. Final.' },
    DECEASED: { description: 'Died. Final.' },
  },
});

export enum CaseClassification {
  ASYMPTOMATIC = 'ASYMPTOMATIC',
  MILD = 'MILD',
  MODERATE = 'MODERATE',
  SEVERE = 'SEVERE',
  CRITICAL = 'CRITICAL',
}
registerEnumType(CaseClassification, {
  name: 'CaseClassification',
  description: 'Clinical classification of a positive case.',
  valuesConfig: {
    ASYMPTOMATIC: { description: 'Positive without symptoms (the classification of a case opened from a lab result).' },
    MILD: { description: 'Mild symptoms.' },
    MODERATE: { description: 'Moderate symptoms, e.g. pneumonia.' },
    SEVERE: { description: 'Severe: needs hospital care.' },
    CRITICAL: { description: 'Critical: needs intensive care.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A positive case, followed from report to discharge (or death) on an append-only timeline.' })
export class PositiveCase {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => CaseStatus, { description: 'Current status (the status after the latest timeline event).' })
  status!: CaseStatus;

  @Field(() => CaseClassification, { description: 'Current clinical classification.' })
  classification!: CaseClassification;

  @Field(() => DateTimeResolver, {
    description:
      'When the case holds from, and counts in the indexes from: when it was recorded (for a case opened from a lab result: the result-at of the positive sample, a lab fact).',
  })
  reportedAt!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      'The report instant the reporter gave (reportCase\'s reportedAt), stored as given; the case still holds only from `reportedAt`, when it was recorded. Null when none was given.',
  })
  statedReportedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the case was discharged; null unless DISCHARGED.' })
  dischargedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Barcode of the positive sample that opened the case; null for a case reported by hand without one.' })
  sourceBarcode!: string | null;

  @Field(() => Resident, { nullable: true, description: 'The person; null when they live outside your scope (a row of yours may name a person who is not).' })
  resident!: Resident;

  @Field(() => ID, { description: 'Code of the community the resident lived in when the case was reported: the case counts there for ever.' })
  communityCode!: string;

  @Field(() => Region, { description: 'The community the resident lived in when the case was reported (the case counts there).' })
  community!: Region;

  /** Not in the API: read through `facility`. */
  facilityId!: number | null;
}

@ObjectType({ description: 'One change of a case, for ever: the timeline is append-only, never edited.' })
export class CaseTimelineEvent {
  @Field(() => DateTimeResolver, { description: 'When it happened.' })
  at!: Date;

  @Field(() => String, {
    description:
      'What happened: REPORTED, TRANSFERRED, DISCHARGED, DECEASED, RECLASSIFIED, NOTE (e.g. another positive sample of an active case), ' +
      'CONTACT_ADDED, CONTACT_RELEASED, CONTACT_CONVERTED.',
  })
  type!: string;

  @Field(() => String, { description: 'Who recorded it: a user ID, or the system process (e.g. "health:sample.individual-positive").' })
  actor!: string;

  @Field(() => String, { nullable: true, description: 'Free-text note.' })
  note!: string | null;

  @Field(() => CaseStatus, { description: 'The case\'s status after this event.' })
  status!: CaseStatus;

  @Field(() => CaseClassification, { description: 'The case\'s classification after this event.' })
  classification!: CaseClassification;

  /** Not in the API: read through `facility`. */
  facilityId!: number | null;
}

@InputType({ description: 'A positive case reported by hand (cases from individual positive lab results open by themselves).' })
export class ReportCaseInput {
  @Field(() => ID, { description: 'The resident.' })
  residentId!: string;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      'When it was reported, if earlier than now: stored and shown as statedReportedAt, but the case holds (and counts) from the instant it is recorded. Not in the future.',
  })
  reportedAt?: Date | null;

  @Field(() => CaseClassification, { description: 'Clinical classification at report.' })
  classification!: CaseClassification;

  @Field(() => String, { nullable: true, description: 'Barcode of the positive sample, if any: one case per sample (CONFLICT when it already opened one).' })
  sourceBarcode?: string | null;

  @Field(() => String, { nullable: true, description: 'Note for the timeline (up to 1000 characters).' })
  note?: string | null;
}

@InputType({ description: 'Which cases to list: all in your scope when empty.' })
export class CaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only cases counted in this region (6-, 9- or 12-digit code): the community at report lies in it.' })
  regionCode?: string | null;

  @Field(() => [CaseStatus], { nullable: true, description: 'Only cases currently in one of these statuses.' })
  status?: CaseStatus[] | null;
}
