import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A resumed worker: a holder of an active permit (APPROVED, within its validity), where and since when.' })
export class ResumedWorker {
  @Field(() => DateTimeResolver, { description: 'Since when: the permit\'s validFrom.' })
  since!: Date;

  @Field(() => DateTimeResolver, { description: 'Until when: the permit\'s validTo (exclusive).' })
  until!: Date;

  /** Resolved into resident, enterprise and permit. */
  residentId!: number;
  enterpriseId!: number;
  permitId!: number;
}
