/**
 * The field `RegionDay.<subgraph>: <indexes>` of one subgraph: a day's
 * indexes are that subgraph's `Region.<subgraph>(asOf)` at the day's last
 * instant (the present for today), answered by the same regionIndexes, so a
 * day's values are a dashboard's at that instant and every day and region of
 * a request at one instant share one evaluation.
 */
import { Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { dayInstant } from './region-day.js';
import type { RegionDayKey } from './region-day.type.js';
import { regionIndexes, type CountedIndexes, type StatisticsContext } from './statistics-resolver.js';

export function regionDayStatisticsResolver<V extends object>(regionDay: ClassType<RegionDayKey>, indexes: ClassType<V>, field: string, description: string) {
  @Resolver(() => regionDay)
  class RegionDayStatisticsResolver {
    // Nullable: a refused or failed field (outside the scope, a deadline) nulls itself, not the day.
    @FieldResolver(() => indexes, {
      name: field,
      nullable: true,
      description: `${description} Equal to \`Region.${field}(asOf:)\` at the day's last instant (today: now). Null, with the reason in \`errors\`, when it cannot be answered.`,
    })
    indexes(@Root() day: RegionDayKey, @Ctx() ctx: StatisticsContext<V>): Promise<CountedIndexes<V>> {
      return regionIndexes(ctx, day.regionCode, dayInstant(day.date));
    }
  }
  return RegionDayStatisticsResolver;
}
