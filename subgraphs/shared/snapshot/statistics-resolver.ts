/**
 * The one path every `Region.<subgraph>(asOf)` statistics field takes: the
 * instant checked (never in the future; omitted is the present, served from
 * the live snapshot and evaluated when the answer is computed), the region
 * checked against the viewer's scope, and the indexes loaded through the
 * request's regionIndexLoader, so a region and its children at one instant
 * share one evaluation.
 */
import type DataLoader from 'dataloader';
import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { pastInstant } from '../time.js';
import type { RegionScope } from '../viewer.js';
import type { RegionInstant } from './region-statistics.js';

/** What a statistics field needs of a subgraph's request context. */
export interface StatisticsContext<V> {
  scope: RegionScope;
  loaders: { regionIndexes: DataLoader<RegionInstant, V, string> };
}

/** A region's indexes at `asOf` (null or omitted: now), for a viewer whose scope covers it. */
export function regionIndexes<V>(ctx: StatisticsContext<V>, code: string, asOf: Date | null | undefined): Promise<V> {
  const instant = pastInstant(asOf);
  ctx.scope.assertCovers(code);
  return ctx.loaders.regionIndexes.load({ code, asOf: instant });
}

/**
 * The resolver of the field `Region.<field>(asOf): <indexes>` of one subgraph (each has its own Region
 * stub), answered by regionIndexes.
 */
export function regionStatisticsResolver<V extends object>(region: ClassType<{ code: string }>, indexes: ClassType<V>, field: string, description: string) {
  @Resolver(() => region)
  class RegionStatisticsResolver {
    // Nullable: a refused or failed field (outside the scope, a bad asOf, a deadline) nulls itself, not the region.
    @FieldResolver(() => indexes, { name: field, nullable: true, description: `${description} Null, with the reason in \`errors\`, when it cannot be answered (a region outside your scope, an instant in the future).` })
    indexes(
      @Root() root: { code: string },
      @Arg('asOf', () => DateTimeResolver, { nullable: true, description: 'The instant; now when omitted. Never in the future.' }) asOf: Date | null,
      @Ctx() ctx: StatisticsContext<V>,
    ): Promise<V> {
      return regionIndexes(ctx, root.code, asOf);
    }
  }
  return RegionStatisticsResolver;
}
