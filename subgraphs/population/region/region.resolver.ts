import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { PopulationContext } from '../context.js';
import { Region, RegionLevel } from './region.type.js';
import { listRegions } from './region.queries.js';

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => Region, { nullable: true, description: 'One region by code; null when no such region exists or it is outside your scope.' })
  async region(@Arg('code', () => ID, { description: 'A 6-, 9- or 12-digit region code.' }) code: string, @Ctx() ctx: PopulationContext) {
    return ctx.loaders.regionByCode.load(code);
  }

  @Query(() => [Region], { description: 'Regions of one level, optionally only the children of one parent, ordered by code.' })
  async regions(
    @Arg('level', () => RegionLevel, { nullable: true, description: 'Only regions of this level.' }) level: RegionLevel | null,
    @Arg('parentCode', () => ID, { nullable: true, description: 'Only the direct children of this region.' }) parentCode: string | null,
    @Ctx() ctx: PopulationContext,
  ) {
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
