import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { PopulationContext } from '../context.js';
import { Region, RegionLevel } from './region.type.js';
import { listRegions } from './region.queries.js';

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => Region, {
    nullable: true,
    description:
      'One region by code. NOT_FOUND when no region has the code (whatever its shape), FORBIDDEN for a region outside your scope. ' +
      'The regions above yours (your town, the district) read by name, code and level, but their indexes and lists are FORBIDDEN.',
  })
  async region(@Arg('code', () => ID, { description: 'A 6-, 9- or 12-digit region code.' }) code: string, @Ctx() ctx: PopulationContext) {
    return this.visibleRegion(code, ctx);
  }

  /** A region the viewer may name (inside their region, or above it); otherwise NOT_FOUND or FORBIDDEN. */
  private async visibleRegion(code: string, ctx: PopulationContext): Promise<Region> {
    const region = await ctx.loaders.regionByCode.load(code);
    if (region) return region;
    // Not visible: no such region (NOT_FOUND) or one outside the viewer's scope (FORBIDDEN).
    await ctx.scope.assertRegion(code);
    throw new Error(`Region ${code} exists in scope but was not loaded.`);
  }

  @Query(() => [Region], {
    description:
      'Regions of one level, optionally only the children of one parent, ordered by code; only the regions you may name (under a region ' +
      'above yours, only the branch leading to yours). parentCode: NOT_FOUND when no region has it, FORBIDDEN outside your scope.',
  })
  async regions(
    @Arg('level', () => RegionLevel, { nullable: true, description: 'Only regions of this level.' }) level: RegionLevel | null,
    @Arg('parentCode', () => ID, { nullable: true, description: 'Only the direct children of this region.' }) parentCode: string | null,
    @Ctx() ctx: PopulationContext,
  ) {
    if (parentCode != null) await this.visibleRegion(parentCode, ctx);
    return listRegions(ctx, { level: level ?? undefined, parentCode: parentCode ?? undefined });
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region this one belongs to; null for the district.' })
  async parent(@Root() region: Region, @Ctx() ctx: PopulationContext) {
    return region.parentCode ? ctx.loaders.regionByCode.load(region.parentCode) : null;
  }

  @FieldResolver(() => [Region], { description: 'The regions directly under this one, ordered by code; empty for a community.' })
  async children(@Root() region: Region, @Ctx() ctx: PopulationContext) {
    return ctx.loaders.regionChildren.load(region.code);
  }
}
