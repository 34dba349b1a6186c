import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import type { CasesContext } from '../context.js';
import { PositiveCase } from '../case/case.type.js';
import { Resident } from './resident.type.js';

@Resolver(() => Resident)
export class ResidentCasesResolver {
  @FieldResolver(() => PositiveCase, { nullable: true, description: 'The resident\'s most recent positive case; null if never a case.' })
  async positiveCase(@Root() resident: Resident, @Ctx() ctx: CasesContext) {
    const id = numericId(resident.id);
    return id === null ? null : ctx.loaders.latestCaseOfResident.load(id);
  }
}
