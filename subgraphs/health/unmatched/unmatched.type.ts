import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType, UseMiddleware } from 'type-graphql';
import { PersonalField } from '../../shared/auth/personal-field.js';
import { connectionTypes } from '../../shared/pagination.js';
import { TestResult } from '../sample/sample.type.js';

@ObjectType({
  description:
    'A lab row whose identity number matches no resident yet: kept as delivered, and linked to the person automatically when they are registered.',
})
export class UnmatchedNucleicAcidResult {
  @Field(() => String, { description: 'Unique tube barcode.' })
  barcode!: string;

  @Field(() => String, { description: 'The identity number the lab sent (personal data: masked for roles without personal data).' })
  @UseMiddleware(PersonalField('ID_NUMBER', { residentId: () => null }))
  idNumber!: string;

  @Field(() => DateTimeResolver, { description: 'When the sample was taken.' })
  sampledAt!: Date;

  @Field(() => TestResult, { description: 'The result as delivered so far.' })
  result!: TestResult;

  @Field(() => String, { description: 'Testing laboratory.' })
  lab!: string;

  @Field(() => DateTimeResolver, { description: 'When the row first reached the platform.' })
  receivedAt!: Date;
}

export const { ConnectionType: UnmatchedNucleicAcidResultConnection } = connectionTypes(UnmatchedNucleicAcidResult, 'UnmatchedNucleicAcidResult', 'unmatched lab result');
