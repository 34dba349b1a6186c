import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { TestResult, TubeType } from '../sample/sample.type.js';

@InputType({
  description:
    'One row of a lab delivery: a sample and its result, keyed by barcode and identity number. A barcode delivered again updates that sample ' +
    '(a PENDING row never erases a known result); an identity number that matches no resident is kept as an unmatched result and linked when the person is registered.',
})
export class NucleicAcidResultInput {
  @Field(() => String, { description: 'Tube barcode: 6 to 32 letters, digits and hyphens, starting with a letter or digit (trimmed, case-insensitive). Unique per sample.' })
  barcode!: string;

  @Field(() => String, { description: '18-character resident identity number (GB 11643); its check character is verified.' })
  idNumber!: string;

  @Field(() => DateTimeResolver, { description: 'When the sample was taken; not in the future.' })
  sampledAt!: Date;

  @Field(() => TubeType, { description: 'SINGLE (one person per tube) or POOLED (a mixed tube).' })
  tubeType!: TubeType;

  @Field(() => String, {
    nullable: true,
    description: 'Barcode of the mixed tube: required for POOLED, must be absent for SINGLE. A pooled tube\'s final result becomes every member\'s result.',
  })
  poolBarcode?: string | null;

  @Field(() => TestResult, { description: 'The result; PENDING when sampled but not tested yet.' })
  result!: TestResult;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the result was reported: required unless PENDING, absent for PENDING; not before sampledAt, not in the future.' })
  resultAt?: Date | null;

  @Field(() => String, { description: 'Testing laboratory, 1 to 200 characters.' })
  lab!: string;

  @Field(() => String, { description: 'Sampling site, 1 to 200 characters.' })
  site!: string;
}

@ObjectType({ description: 'A problem with one submitted row; the row was not stored. A row with several problems has one entry each.' })
export class RejectedRow {
  @Field(() => Int, { description: 'Position of the row in the submitted `rows` (from 0).' })
  index!: number;

  @Field(() => String, { description: 'The input field at fault (e.g. barcode, idNumber, resultAt).' })
  field!: string;

  @Field(() => String, { description: 'What is wrong, in words a person can act on.' })
  message!: string;
}

@ObjectType({ description: 'Outcome of a lab delivery. Re-sending the same idempotencyKey returns the same outcome and changes nothing.' })
export class NucleicAcidSubmission {
  @Field(() => Int, { description: 'Rows stored (new samples and updates of known barcodes), unmatched ones included.' })
  accepted!: number;

  @Field(() => Int, { description: 'Of the accepted rows, those whose identity number matched no resident: kept, and linked when the person is registered.' })
  unmatched!: number;

  @Field(() => [RejectedRow], { description: 'Every problem of every rejected row, by row index; the other rows were stored.' })
  rejected!: RejectedRow[];
}
