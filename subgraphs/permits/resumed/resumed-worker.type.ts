import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A resumed worker: a holder of active permits (APPROVED, within validity, the enterprise APPROVED_TO_RESUME, the holder living in the district) ' +
    'at enterprises of the region asked for, once however many such permits they hold.',
})
export class ResumedWorker {
  @Field(() => DateTimeResolver, { description: 'Since when: the earliest validFrom of their active permits in the region.' })
  since!: Date;

  @Field(() => DateTimeResolver, { description: 'Until when: the latest validTo (exclusive) of their active permits in the region.' })
  until!: Date;

  /** Resolved into resident, enterprise, permit and permits. */
  residentId!: number;
  /** Newest validFrom first. */
  permitIds!: number[];
}
