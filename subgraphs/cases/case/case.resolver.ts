import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import type { CasesContext } from '../context.js';
import { PositiveCase } from './case.type.js';

@Resolver(() => PositiveCase)
export class CaseResolver {
  @Query(() => PositiveCase, { nullable: true, description: 'One positive case by ID; null when unknown or outside your scope.' })
  async case(@Arg('id', () => ID, { description: 'Case ID.' }) id: string, @Ctx() ctx: CasesContext) {
    const caseId = numericId(id);
    return caseId === null ? null : ctx.loaders.caseById.load(caseId);
  }
}
