import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

export enum ResumptionStatus {
  NOT_RESUMED = 'NOT_RESUMED',
  APPROVED_TO_RESUME = 'APPROVED_TO_RESUME',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(ResumptionStatus, {
  name: 'ResumptionStatus',
  description: 'Whether an enterprise may work on site: NOT_RESUMED → APPROVED_TO_RESUME ⇄ SUSPENDED.',
  valuesConfig: {
    NOT_RESUMED: { description: 'Registered, never approved to resume work.' },
    APPROVED_TO_RESUME: { description: 'Approved to resume work (counts in enterprisesResumed).' },
    SUSPENDED: { description: 'Approved before, suspended now.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An enterprise in the district that may resume work with permits for its staff.' })
export class Enterprise {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Unified social credit code (18 characters, GB 32100).' })
  creditCode!: string;

  @Field(() => String, { description: 'Registered name.' })
  name!: string;

  @Field(() => String, { description: 'Industry, e.g. MANUFACTURING, LOGISTICS, RETAIL (free text).' })
  industry!: string;

  @Field(() => ResumptionStatus, { description: 'Resumption status now.' })
  resumptionStatus!: ResumptionStatus;

  @Field(() => DateTimeResolver, { description: 'When the enterprise was registered here.' })
  registeredAt!: Date;

  /** Resolved into `community`. */
  communityCode!: string;
  /** Internal key for loaders. */
  enterpriseId!: number;
}

@ObjectType({ description: 'One change of an enterprise\'s resumption status: who, when, why.' })
export class ResumptionChange {
  @Field(() => ResumptionStatus, { description: 'The status from this change on.' })
  status!: ResumptionStatus;

  @Field(() => DateTimeResolver, { description: 'When it took effect.' })
  at!: Date;

  @Field(() => String, { description: 'Who made the change (viewer ID).' })
  actor!: string;

  @Field(() => String, { nullable: true, description: 'Why.' })
  reason!: string | null;
}

@InputType({ description: 'An enterprise to register.' })
export class RegisterEnterpriseInput {
  @Field(() => String, { description: 'Unified social credit code: 18 characters with a valid GB 32100 check character (lower case accepted).' })
  creditCode!: string;

  @Field(() => String, { description: 'Registered name (1 to 200 characters).' })
  name!: string;

  @Field(() => String, { description: 'Industry (1 to 100 characters), e.g. MANUFACTURING.' })
  industry!: string;

  @Field(() => ID, { description: 'Code of the community (12 digits) the enterprise is in.' })
  communityCode!: string;
}

@InputType({ description: 'Which enterprises to list.' })
export class EnterpriseFilter {
  @Field(() => ID, { nullable: true, description: 'Only enterprises in this region (6-, 9- or 12-digit code); your whole scope when omitted.' })
  regionCode?: string | null;

  @Field(() => [ResumptionStatus], { nullable: true, description: 'Only enterprises with one of these resumption statuses now.' })
  status?: ResumptionStatus[] | null;
}
