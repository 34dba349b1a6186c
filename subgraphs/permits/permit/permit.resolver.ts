import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PermitsContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { WorkPermit } from './permit.type.js';

@Resolver(() => WorkPermit)
export class WorkPermitResolver {
  @FieldResolver(() => Enterprise, { nullable: true, description: 'The enterprise the permit is for.' })
  async enterprise(@Root() permit: WorkPermit, @Ctx() ctx: PermitsContext) {
    return ctx.loaders.enterpriseById.load(permit.enterpriseId);
  }
}
