import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

export enum AuditAction {
  READ_PERSONAL = 'READ_PERSONAL',
  CHANGE = 'CHANGE',
}
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What an audited request did.',
  valuesConfig: {
    READ_PERSONAL: { description: 'Its response carried unmasked personal data (names, identity numbers, phones, addresses, birth dates).' },
    CHANGE: { description: 'It ran a mutation.' },
  },
});

@ObjectType({ description: 'One audited request: a change, or a read of unmasked personal data. Audit events are never edited or deleted.' })
export class AuditEvent {
  @Field(() => DateTimeResolver, { description: 'When the request was answered.' })
  at!: Date;

  @Field(() => String, { description: 'Who asked: the viewer ID (the token\'s subject).' })
  actor!: string;

  @Field(() => String, { description: 'The role the actor\'s token carried.' })
  role!: string;

  @Field(() => ID, { description: 'The region code the actor\'s token carried.' })
  region!: string;

  @Field(() => AuditAction, { description: 'What the request did.' })
  action!: AuditAction;

  @Field(() => String, { nullable: true, description: 'The operation\'s name; null for an anonymous operation.' })
  operationName!: string | null;

  @Field(() => [String], { description: 'The operation\'s root fields: the mutations run, or the fields read.' })
  fields!: string[];

  @Field(() => [ID], {
    description: 'Residents concerned: those whose personal data was read unmasked, or those a change named (as far as its arguments and answer tell).',
  })
  residentIds!: string[];

  @Field(() => String, { nullable: true, description: 'The purpose the caller stated in the `x-purpose` header (at most 200 characters); null when none.' })
  purpose!: string | null;
}

@InputType({ description: 'Which audit events to list; every given criterion must hold.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events concerning this resident.' })
  residentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events of this actor (viewer ID).' })
  actor?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Only events at or after this instant.' })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Only events before this instant (exclusive).' })
  to?: Date | null;
}
