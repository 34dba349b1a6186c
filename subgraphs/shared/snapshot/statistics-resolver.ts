/**
 * The one path every `Region.<subgraph>(asOf)` statistics field takes: the
 * instant checked (never in the future; omitted is the present, served from
 * the live snapshot and evaluated when the answer is computed), the region
 * checked against the viewer's scope, and the indexes loaded through the
 * request's regionIndexes loader, so a region and its children at one
 * instant share one evaluation. The index object remembers its region and
 * instant, so its `people(index:)` lists exactly whom it counted.
 */
import type DataLoader from 'dataloader';
import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root, type ClassType } from 'type-graphql';
import { connectionTypes, pageSize } from '../pagination.js';
import { pastInstant } from '../time.js';
import type { RegionScope } from '../viewer.js';
import { indexPeoplePage, type PeopleColumns } from './index-people.js';
import type { ColumnsAt, RegionInstant } from './region-statistics.js';

/** What a statistics field needs of a subgraph's request context. */
export interface StatisticsContext<V> {
  scope: RegionScope;
  loaders: { regionIndexes: DataLoader<RegionInstant, V, string> };
}

/** Index values as the API returns them: with the region and instant they were counted for. */
export type CountedIndexes<V> = V & { counted: RegionInstant };

/** A region's indexes at `asOf` (null or omitted: now), for a viewer whose scope covers it. */
export async function regionIndexes<V>(ctx: StatisticsContext<V>, code: string, asOf: Date | null | undefined): Promise<CountedIndexes<V>> {
  const instant = pastInstant(asOf);
  ctx.scope.assertCovers(code);
  return { ...(await ctx.loaders.regionIndexes.load({ code, asOf: instant })), counted: { code, asOf: instant } };
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
    ): Promise<CountedIndexes<V>> {
      return regionIndexes(ctx, root.code, asOf);
    }
  }
  return RegionStatisticsResolver;
}

/** What a drill-down field needs of a subgraph's request context. */
export interface PeopleContext<C> {
  loaders: { regionColumns(asOf: Date | null, regionCodes: readonly string[]): Promise<ColumnsAt<C>> };
}

export interface IndexPeopleOptions<I extends string, C extends PeopleColumns<I>, Ctx extends PeopleContext<C>> {
  /** The subgraph's index object (e.g. HealthIndexes) that gains the field. */
  indexes: ClassType<object>;
  /** The subgraph's enum of its indexes that count residents (registered with type-graphql). */
  indexEnum: object;
  /** The subgraph's Resident stub. */
  resident: ClassType<{ id: string }>;
  /** Prefix of the connection's type names, e.g. "Health" for HealthIndexPeopleConnection. */
  typePrefix: string;
  /** Where these residents lived at the instant, for the order within a community. */
  addressesOf(ctx: Ctx, residentIds: readonly number[], at: Date): Promise<Map<number, string>>;
  /** The subgraph that owns residents loads them whole; others return the reference `{ id }` (the default). */
  resolveNode?(ctx: Ctx, reference: { id: string }): Promise<{ id: string } | null>;
}

/** The field `people(index:, first:, after:)` on a subgraph's index object: the residents behind one of its indexes. */
export function indexPeopleResolver<I extends string, C extends PeopleColumns<I>, Ctx extends PeopleContext<C>>(options: IndexPeopleOptions<I, C, Ctx>) {
  const { ConnectionType } = connectionTypes(options.resident, `${options.typePrefix}IndexPeople`, 'counted resident');

  @Resolver(() => options.indexes)
  class IndexPeopleResolver {
    @FieldResolver(() => ConnectionType, {
      nullable: true,
      description:
        'The residents this index counts, for the same region and instant, ordered by the community they count in, then address, then ID; `totalCount` equals the index. Null, with the reason in `errors`, when it cannot be answered (a bad argument).',
    })
    async people(
      @Root() root: CountedIndexes<object>,
      @Arg('index', () => options.indexEnum, { description: 'Which index: its field name in capitals, words split by "_".' }) index: I,
      @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
      @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
      @Ctx() ctx: Ctx,
    ) {
      const size = pageSize(first);
      const { code, asOf } = root.counted;
      const { columns, at } = await ctx.loaders.regionColumns(asOf, [code]);
      const page = await indexPeoplePage(columns.peopleAt(index, at, code), (ids) => options.addressesOf(ctx, ids, at), size, after);
      const { resolveNode } = options;
      if (!resolveNode) return page;
      return { ...page, edges: await Promise.all(page.edges.map(async (edge) => ({ ...edge, node: await resolveNode(ctx, edge.node) }))) };
    }
  }
  return IndexPeopleResolver;
}
