import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'The 5 case indexes of a region at an instant (domain.md), counted in the community at report (a close contact: in the community of ' +
    'the case they were exposed to, at its report). Status at the instant comes from the timeline. Counts are of distinct residents.',
})
export class CaseIndexes {
  @Field(() => Int, { description: 'Cases reported on the instant\'s calendar day (Asia/Shanghai), at or before the instant.' })
  newToday!: number;

  @Field(() => Int, { description: 'Cases REPORTED or TRANSFERRED at the instant.' })
  active!: number;

  @Field(() => Int, { description: 'Cases TRANSFERRED to a makeshift or designated hospital at the instant.' })
  inFacility!: number;

  @Field(() => Int, { description: 'Cases discharged at or before the instant.' })
  discharged!: number;

  @Field(() => Int, {
    description: 'Close contacts in quarantine at the instant: started, planned end not reached, not released or converted to a case by then.',
  })
  closeContactsInQuarantine!: number;
}
