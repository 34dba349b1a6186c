import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import type { PermitsContext } from '../context.js';
import { Enterprise, RegionReference } from './enterprise.type.js';

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => Enterprise, { nullable: true, description: 'One enterprise by ID; null when unknown or outside your scope.' })
  async enterprise(@Arg('id', () => ID, { description: 'Enterprise ID.' }) id: string, @Ctx() ctx: PermitsContext) {
    return resolveEnterprise(id, ctx);
  }

  @FieldResolver(() => RegionReference, { description: 'The community the enterprise is registered in.' })
  community(@Root() enterprise: Enterprise): RegionReference {
    return { code: enterprise.communityCode };
  }
}

/** By ID, for the query and for federation references alike. */
export async function resolveEnterprise(id: string, ctx: PermitsContext): Promise<Enterprise | null> {
  const enterpriseId = numericId(id);
  return enterpriseId === null ? null : ctx.loaders.enterpriseById.load(enterpriseId);
}
