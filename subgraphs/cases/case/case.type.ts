import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Resident } from '../resident/resident.type.js';

export enum CaseStatus {
  REPORTED = 'REPORTED',
  TRANSFERRED = 'TRANSFERRED',
  DISCHARGED = 'DISCHARGED',
  DECEASED = 'DECEASED',
}
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description: 'Where a positive case stands: REPORTED → TRANSFERRED → DISCHARGED, and → DECEASED from either of the first two.',
});

export enum CaseClassification {
  ASYMPTOMATIC = 'ASYMPTOMATIC',
  MILD = 'MILD',
  MODERATE = 'MODERATE',
  SEVERE = 'SEVERE',
  CRITICAL = 'CRITICAL',
}
registerEnumType(CaseClassification, { name: 'CaseClassification', description: 'Clinical classification of a positive case.' });

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A positive case, followed from report to discharge.' })
export class PositiveCase {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => CaseStatus, { description: 'Current status.' })
  status!: CaseStatus;

  @Field(() => CaseClassification, { description: 'Current clinical classification.' })
  classification!: CaseClassification;

  @Field(() => DateTimeResolver, { description: 'When the case was reported.' })
  reportedAt!: Date;

  @Field(() => Resident, { description: 'The person.' })
  resident!: Resident;
}
