import { Field, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { CodeColor, HealthCodeReason } from '../../shared/health-vocabulary.js';

export { CodeColor, HealthCodeReason };

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
