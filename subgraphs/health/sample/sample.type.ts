import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';

export enum TubeType {
  SINGLE = 'SINGLE',
  POOLED = 'POOLED',
}
registerEnumType(TubeType, {
  name: 'TubeType',
  description: 'How a sample was tubed.',
  valuesConfig: { SINGLE: { description: 'One person per tube.' }, POOLED: { description: 'A 10-in-1 or 20-in-1 mixed tube.' } },
});

export enum TestResult {
  PENDING = 'PENDING',
  NEGATIVE = 'NEGATIVE',
  POSITIVE = 'POSITIVE',
  INVALID = 'INVALID',
}
registerEnumType(TestResult, {
  name: 'TestResult',
  description: 'Result of a nucleic-acid test.',
  valuesConfig: {
    PENDING: { description: 'Sampled, no result yet.' },
    NEGATIVE: { description: 'No virus found.' },
    POSITIVE: { description: 'Virus found (for a pooled tube: somebody in the pool).' },
    INVALID: { description: 'The sample could not be tested; sample again.' },
  },
});

@ObjectType({ description: 'One nucleic-acid (PCR) sample of a resident and its result.' })
export class NucleicAcidTest {
  @Field(() => String, { description: 'Unique tube barcode.' })
  barcode!: string;

  @Field(() => DateTimeResolver, { description: 'When the sample was taken.' })
  sampledAt!: Date;

  @Field(() => TubeType, { description: 'Single or pooled tube.' })
  tubeType!: TubeType;

  @Field(() => TestResult, { description: 'The result as known now.' })
  result!: TestResult;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the result was reported; null while pending.' })
  resultAt!: Date | null;

  @Field(() => String, { description: 'Sampling site.' })
  site!: string;

  @Field(() => String, { description: 'Testing laboratory.' })
  lab!: string;
}
