import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { resolveAsOf } from '../../shared/time.js';
import type { CasesContext } from '../context.js';
import { Region } from '../region/region.type.js';
import { CaseIndexes } from './case-indexes.type.js';

@Resolver(() => Region)
export class CaseIndexesResolver {
  @FieldResolver(() => CaseIndexes, { description: 'The 5 case indexes of this region at an instant (domain.md), counted in the community at report.' })
  async cases(
    @Root() region: Region,
    @Arg('asOf', () => DateTimeResolver, { nullable: true, description: 'The instant; now when omitted. Never in the future.' }) asOf: Date | null,
    @Ctx() ctx: CasesContext,
  ): Promise<CaseIndexes> {
    ctx.scope.assertCovers(region.code);
    return ctx.loaders.caseIndexes.load({ code: region.code, asOf: resolveAsOf(asOf) });
  }
}
