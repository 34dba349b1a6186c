import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A period of home health observation of a resident (YELLOW health code with HOME_OBSERVATION while active). ' +
    'Active from startedAt until endedAt or plannedEndAt, whichever comes first: it ends by itself at its planned end.',
})
export class HomeObservation {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'Why the resident is under observation, e.g. "Discharged from case 12".' })
  reason!: string;

  @Field(() => DateTimeResolver, { description: 'When the observation started.' })
  startedAt!: Date;

  @Field(() => DateTimeResolver, { description: 'When it ends by itself (start + the number of days it was started for).' })
  plannedEndAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was ended early (endHomeObservation); null otherwise.' })
  endedAt!: Date | null;

  @Field(() => Boolean, { description: 'True while it holds now: started, not ended early, planned end not reached.' })
  active!: boolean;
}
