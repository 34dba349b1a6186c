import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import { toPositiveCase } from '../case/case.mapper.js';
import { PositiveCase } from '../case/case.type.js';
import { toCloseContact } from '../contact/contact.mapper.js';
import { CloseContact } from '../contact/contact.type.js';
import type { CasesContext } from '../context.js';
import { Resident } from './resident.type.js';
import { partOf } from '../../shared/resident-part.js';

/** A reference with a malformed ID matches nothing (-1 is never an ID). */
const residentKey = (resident: Resident) => numericId(resident.id) ?? -1;

@Resolver(() => Resident)
export class ResidentCasesResolver {
  @FieldResolver(() => PositiveCase, { nullable: true, description: 'The resident\'s most recent positive case (active or not); null if never a case.' })
  async positiveCase(@Root() resident: Resident, @Ctx() ctx: CasesContext) {
    const row = await ctx.loaders.latestCaseOfResident.load(residentKey(resident));
    return row ? toPositiveCase(row) : null;
  }

  @FieldResolver(() => [CloseContact], { nullable: true, description: `The resident's close-contact records (of cases in your scope), newest quarantine first.${partOf('cases')}` })
  async closeContactOf(@Root() resident: Resident, @Ctx() ctx: CasesContext) {
    const now = new Date();
    return (await ctx.loaders.contactsOfResident.load(residentKey(resident))).map((row) => toCloseContact(row, now));
  }
}
