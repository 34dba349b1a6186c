import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum OutreachOutcome {
  WILL_TEST = 'WILL_TEST',
  NOT_REACHABLE = 'NOT_REACHABLE',
  AWAY = 'AWAY',
  EXEMPT = 'EXEMPT',
  REFUSED = 'REFUSED',
}
registerEnumType(OutreachOutcome, {
  name: 'OutreachOutcome',
  description: 'What came of a call or visit to get a resident tested.',
  valuesConfig: {
    WILL_TEST: { description: 'Reached; promised to get sampled.' },
    NOT_REACHABLE: { description: 'Could not be reached (no answer, phone off, nobody home).' },
    AWAY: { description: 'Reached or told: away from the district for now.' },
    EXEMPT: {
      description:
        'Says they are exempt from routine testing (e.g. bedridden). Only a note of the call: record the exemption itself with recordExemption.',
    },
    REFUSED: { description: 'Reached; refused to get sampled.' },
  },
});

@ObjectType({ description: 'One call or visit by a community worker to get a resident tested, and its outcome.' })
export class Outreach {
  @Field(() => DateTimeResolver, { description: 'When the resident was contacted (when the outcome was recorded).' })
  lastContactedAt!: Date;

  @Field(() => OutreachOutcome, { description: 'What came of it.' })
  outcome!: OutreachOutcome;

  @Field(() => String, { nullable: true, description: 'The worker\'s note, if any (at most 1000 characters).' })
  note!: string | null;

  @Field(() => String, { description: 'Who made the contact (the recording viewer\'s ID).' })
  contactedBy!: string;
}
