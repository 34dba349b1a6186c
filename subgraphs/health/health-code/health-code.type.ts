import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { CodeColor } from '../venue/code-color.type.js';

export { CodeColor };

export enum HealthCodeReason {
  ACTIVE_CASE = 'ACTIVE_CASE',
  POOL_POSITIVE_PENDING_RETEST = 'POOL_POSITIVE_PENDING_RETEST',
  CLOSE_CONTACT = 'CLOSE_CONTACT',
  NO_RECENT_TEST = 'NO_RECENT_TEST',
  HOME_OBSERVATION = 'HOME_OBSERVATION',
  VENUE_EXPOSURE = 'VENUE_EXPOSURE',
}
registerEnumType(HealthCodeReason, {
  name: 'HealthCodeReason',
  description: 'Why a code is not GREEN.',
  valuesConfig: {
    ACTIVE_CASE: { description: 'RED: an active positive case.' },
    POOL_POSITIVE_PENDING_RETEST: { description: 'RED: a positive pooled tube, until an individual sample taken after it has a final result.' },
    CLOSE_CONTACT: { description: 'RED: a close contact in quarantine.' },
    NO_RECENT_TEST: { description: 'YELLOW: no sample within the test interval (default 168 h) and not exempt.' },
    HOME_OBSERVATION: { description: 'YELLOW: under home health observation.' },
    VENUE_EXPOSURE: { description: 'YELLOW: scanned a venue within 30 minutes of a person who then tested positive, in the last 7 days, and not sampled since.' },
  },
});

@ObjectType({ description: 'One reason a code is not GREEN.' })
export class HealthCodeReasonDetail {
  @Field(() => HealthCodeReason, { description: 'Stable reason code.' })
  code!: HealthCodeReason;

  @Field(() => String, { description: 'What it means and what to do, for a person.' })
  message!: string;

  @Field(() => DateTimeResolver, { description: 'Since when the reason holds.' })
  since!: Date;
}

@ObjectType({ description: 'A resident\'s health code, derived from recorded facts at the time asked (never set by hand).' })
export class HealthCode {
  @Field(() => CodeColor, { description: 'The colour.' })
  color!: CodeColor;

  @Field(() => [HealthCodeReasonDetail], {
    description: 'Every reason that holds, RED ones first, then YELLOW ones (a RED code also lists its YELLOW reasons); empty when GREEN.',
  })
  reasons!: HealthCodeReasonDetail[];

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Since when the colour holds as far as the facts tell: the latest start among the shown colour\'s reasons; for GREEN the last sample (null when exempt and never sampled).',
  })
  since!: Date | null;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'For a GREEN, non-exempt resident: when the code turns YELLOW without a new sample (last sample + interval). Null otherwise.',
  })
  turnsYellowAt!: Date | null;
}
