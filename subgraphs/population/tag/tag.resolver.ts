import { Ctx, Query, Resolver } from 'type-graphql';
import type { PopulationContext } from '../context.js';
import { Tag } from './tag.type.js';

@Resolver(() => Tag)
export class TagResolver {
  @Query(() => [Tag], { description: 'The tag catalog, by code.' })
  async tags(@Ctx() ctx: PopulationContext) {
    return [...(await ctx.loaders.tagCatalog()).values()];
  }
}
