import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

@ObjectType({
  description:
    'The 5 case indexes of a region at an instant (domain.md): cases counted in the community at report, close contacts in the community ' +
    'where they live at the instant. Status at the instant comes from the timeline. Counts are of distinct residents.',
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
    description:
      'Close contacts in quarantine at the instant (started, planned end not reached, not released or converted to a case by then), each ' +
      'in the community where they live at the instant, whatever the communities of the cases they were exposed to.',
  })
  closeContactsInQuarantine!: number;
}

/** The case indexes behind `people(index:)`: the GraphQL name in capitals, the value the index's field name. */
export enum CaseIndex {
  NEW_TODAY = 'newToday',
  ACTIVE = 'active',
  IN_FACILITY = 'inFacility',
  DISCHARGED = 'discharged',
  CLOSE_CONTACTS_IN_QUARANTINE = 'closeContactsInQuarantine',
}
registerEnumType(CaseIndex, {
  name: 'CaseIndex',
  description: 'A case index that counts residents, named after its field in capitals with words split by "_".',
  valuesConfig: {
    NEW_TODAY: { description: 'Residents with a case reported on the instant\'s calendar day, at or before it (newToday), in the community at report.' },
    ACTIVE: { description: 'Residents with a case REPORTED or TRANSFERRED at the instant (active), in the community at report.' },
    IN_FACILITY: { description: 'Residents with a case TRANSFERRED to a makeshift or designated hospital at the instant (inFacility).' },
    DISCHARGED: { description: 'Residents with a case discharged at or before the instant (discharged).' },
    CLOSE_CONTACTS_IN_QUARANTINE: { description: 'Close contacts in quarantine at the instant (closeContactsInQuarantine), in the community where they live then.' },
  },
});
