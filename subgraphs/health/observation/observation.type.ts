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

  @Field(() => DateTimeResolver, { description: 'From when it holds (and counts in indexes): never before it was recorded.' })
  startedAt!: Date;

  @Field(() => DateTimeResolver, { description: 'When it ends by itself (the stated start + the number of days it was started for).' })
  plannedEndAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was ended early (endHomeObservation): never before it was recorded; null otherwise.' })
  endedAt!: Date | null;

  @Field(() => DateTimeResolver, {
    description:
      'The start as stated when it was started, shown only: an earlier date than startedAt does not make it hold earlier (administrative facts hold from when they are recorded).',
  })
  statedFrom!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'The early end as stated to endHomeObservation, shown only: an earlier date than endedAt does not end it earlier. Null unless ended early.',
  })
  statedUntil!: Date | null;

  @Field(() => Boolean, { description: 'True while it holds now: started, not ended early, planned end not reached.' })
  active!: boolean;
}
