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

  @Field(() => DateTimeResolver, { description: 'From when it holds.' })
  startsAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it stops holding; null while open-ended.' })
  endsAt!: Date | null;

  @Field(() => String, { description: 'Who recorded it (a viewer ID; "population" for tag-based ones).' })
  recordedBy!: string;

  @Field(() => Boolean, { description: 'True when it holds now.' })
  active!: boolean;
}
