import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { toPositiveCase } from '../case/case.mapper.js';
import { MAX_NOTE_LENGTH } from '../case/case.commands.js';
import { PositiveCase } from '../case/case.type.js';
import type { CasesContext } from '../context.js';
import { addCloseContact, convertCloseContactToCase, releaseCloseContact } from './contact.commands.js';
import { toCloseContact } from './contact.mapper.js';
import { AddCloseContactInput, CloseContact, ConvertCloseContactInput } from './contact.type.js';

@ObjectType({ description: 'A close contact converted to a case, and the case.' })
export class CloseContactConversion {
  @Field(() => CloseContact, { description: 'The close-contact record, now CONVERTED_TO_CASE.' })
  contact!: CloseContact;

  @Field(() => PositiveCase, { description: 'The case opened for the contact (or their active case, when they had one already).' })
  case!: PositiveCase;
}

@Resolver(() => CloseContact)
export class CloseContactResolver {
  @Mutation(() => CloseContact, {
    description:
      'Records a close contact of a case and quarantines them from now, when it is recorded, until 14 days after the ' +
      'given start (now by default): health reads them RED (CLOSE_CONTACT) meanwhile. ' +
      'Errors: NOT_FOUND (case or resident), CONFLICT when already a contact of this case or an active case themselves, BAD_USER_INPUT naming the field.',
  })
  async addCloseContact(@Arg('input', () => AddCloseContactInput, { description: 'The contact.' }) input: AddCloseContactInput, @Ctx() ctx: CasesContext) {
    return toCloseContact(await addCloseContact(ctx, input));
  }

  @Mutation(() => CloseContact, {
    description: 'Releases a quarantined close contact early (status RELEASED). Errors: NOT_FOUND, CONFLICT when not in quarantine now.',
  })
  async releaseCloseContact(
    @Arg('id', () => ID, { description: 'Close-contact ID.' }) id: string,
    @Arg('note', () => String, { nullable: true, description: `Why, for the case's timeline (up to ${MAX_NOTE_LENGTH} characters).` }) note: string | null,
    @Ctx() ctx: CasesContext,
  ) {
    return toCloseContact(await releaseCloseContact(ctx, id, note));
  }

  @Mutation(() => CloseContactConversion, {
    description:
      'A quarantined close contact became a case: opens it (or links their active case) and ends the quarantine as CONVERTED_TO_CASE. ' +
      'Errors: NOT_FOUND, CONFLICT when not in quarantine now.',
  })
  async convertCloseContactToCase(
    @Arg('id', () => ID, { description: 'Close-contact ID.' }) id: string,
    @Arg('input', () => ConvertCloseContactInput, { description: 'The new case.' }) input: ConvertCloseContactInput,
    @Ctx() ctx: CasesContext,
  ) {
    const { contact, caseRow } = await convertCloseContactToCase(ctx, id, input);
    return Object.assign(new CloseContactConversion(), { contact: toCloseContact(contact), case: toPositiveCase(caseRow) });
  }

  @FieldResolver(() => PositiveCase, { nullable: true, description: 'The case they were in contact with; null outside your scope.' })
  async case(@Root() contact: CloseContact, @Ctx() ctx: CasesContext) {
    const row = await ctx.loaders.caseById.load(Number(contact.caseId));
    return row ? toPositiveCase(row) : null;
  }
}
