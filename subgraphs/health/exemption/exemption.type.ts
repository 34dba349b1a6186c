import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ExemptionSource {
  TAG = 'TAG',
  RECORD = 'RECORD',
}
registerEnumType(ExemptionSource, {
  name: 'ExemptionSource',
  description: 'Where an exemption from routine testing comes from.',
  valuesConfig: {
    TAG: { description: 'The resident\'s EXEMPT_FROM_TESTING tag (population): ends when the tag is taken off.' },
    RECORD: { description: 'Recorded here with recordExemption: ends at its end date or with endExemption.' },
  },
});

@ObjectType({ description: 'An exemption of a resident from routine nucleic-acid testing, over a period of time.' })
export class Exemption {
  @Field(() => ID, { description: 'Stable identifier (for endExemption).' })
  id!: string;

  @Field(() => ExemptionSource, { description: 'Where it comes from.' })
  source!: ExemptionSource;

  @Field(() => String, { description: 'Why the resident is exempt.' })
  reason!: string;

  @Field(() => DateTimeResolver, { description: 'From when it holds (and counts in indexes): never before it was recorded.' })
  startsAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it stops holding; null while open-ended. Never before it was recorded or ended.' })
  endsAt!: Date | null;

  @Field(() => DateTimeResolver, {
    description:
      'The start as stated when it was recorded (e.g. the date on a certificate), shown only: an earlier date than startsAt does not make it hold earlier (administrative facts hold from when they are recorded).',
  })
  statedFrom!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'The end as stated (recordExemption\'s until, endExemption\'s at), shown only: an earlier date than endsAt does not end it earlier. Null while open-ended.',
  })
  statedUntil!: Date | null;

  @Field(() => String, { description: 'Who recorded it (a viewer ID; "population" for tag-based ones).' })
  recordedBy!: string;

  @Field(() => Boolean, { description: 'True when it holds now.' })
  active!: boolean;
}
