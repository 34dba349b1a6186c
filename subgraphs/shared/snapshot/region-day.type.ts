/**
 * RegionDay, one region's indexes on one calendar day, is an entity keyed by
 * region code and date: population (which owns regions) lists the days of
 * `Region.daily` and each subgraph adds its index object, so the gateway
 * fetches every day of every region from each subgraph at once and each
 * subgraph batches them through its regionIndexes loader, one evaluation
 * per instant.
 */
import { DateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

/** The federation key of RegionDay: a region and a calendar day name one day's indexes unambiguously. */
export const REGION_DAY_KEY = '@key(fields: "regionCode date")';

/**
 * The key fields every subgraph's RegionDay declares: each subgraph's class extends this one and adds its @ObjectType
 * and @key. Decorated only so that type-graphql passes its fields on; nothing refers to it, so no schema holds it.
 */
@ObjectType()
export abstract class RegionDayKey {
  @Field(() => ID, { description: 'Code of the region.' })
  regionCode!: string;

  @Field(() => DateResolver, { description: 'The calendar day (Asia/Shanghai).' })
  date!: string;
}
