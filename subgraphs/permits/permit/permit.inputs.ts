import { Field, ID, InputType } from 'type-graphql';
import { PermitStatus } from './permit.type.js';

@InputType({ description: 'Which work permits to list: a region\'s permit queue, optionally of some statuses.' })
export class WorkPermitFilter {
  @Field(() => ID, { description: 'District, town or community code (6, 9 or 12 digits): permits of enterprises in this region.' })
  regionCode!: string;

  @Field(() => [PermitStatus], { nullable: true, description: 'Only permits with one of these statuses as they read now (an APPROVED permit past its validTo is EXPIRED); all when omitted or empty.' })
  status?: PermitStatus[] | null;
}
