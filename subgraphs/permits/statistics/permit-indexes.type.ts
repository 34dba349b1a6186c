import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'The 4 permit indexes of a region at an instant (domain.md), counted in the enterprise\'s region; statuses at the instant come from the recorded history. ' +
    'A permit counts only while its holder lives in the district (a holder who moved out or died counts in none).',
})
export class PermitIndexes {
  @Field(() => Int, { description: 'Permits whose status was PENDING at the instant.' })
  pending!: number;

  @Field(() => Int, { description: 'Permits APPROVED at the instant with valid-from ≤ instant < valid-to, at an enterprise APPROVED_TO_RESUME at the instant.' })
  active!: number;

  @Field(() => Int, { description: 'Distinct holders of active permits (a holder active at enterprises in two child regions counts in each, and once here).' })
  resumedWorkers!: number;

  @Field(() => Int, { description: 'Enterprises whose resumption status was APPROVED_TO_RESUME at the instant.' })
  enterprisesResumed!: number;
}
