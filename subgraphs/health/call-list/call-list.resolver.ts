import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../shared/errors.js';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import type { HealthContext } from '../context.js';
import { Region } from '../region/region.type.js';
import { Resident } from '../resident/resident.type.js';
import { untestedPage } from './call-list.queries.js';

/** Up to 30 days back: longer windows are not a call list any more. */
const MAX_WITHIN_HOURS = 720;

export const { ConnectionType: UntestedResidentConnection } = connectionTypes(Resident, 'UntestedResident', 'resident to call');

@Resolver(() => Region)
export class CallListResolver {
  @FieldResolver(() => UntestedResidentConnection, {
    // Nullable: a bad argument or a region outside the scope nulls the call list, not the region around it.
    nullable: true,
    description:
      'The call list: residents living in this region now who have no sample taken within the last `withinHours` hours, exempt residents left out, ordered by address (community, then address), a page at a time. Null, with the reason in `errors`, when it cannot be answered (a bad argument, a region outside your scope).',
  })
  async untestedResidents(
    @Root() region: Region,
    @Arg('withinHours', () => Int, { description: `Look-back window in hours, 1 to ${MAX_WITHIN_HOURS} (72 for "not tested in 3 days").` }) withinHours: number,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: HealthContext,
  ) {
    if (!Number.isInteger(withinHours) || withinHours < 1 || withinHours > MAX_WITHIN_HOURS) {
      throw badUserInput('withinHours', `withinHours must be between 1 and ${MAX_WITHIN_HOURS} (got ${withinHours}).`);
    }
    ctx.scope.assertCovers(region.code);
    const size = pageSize(first);
    const key = decodeCursor(after, ['string', 'string', 'number'] as const);
    // The page and its total at one instant: the present snapshot's.
    const { columns, at } = await ctx.statistics.presentColumns();
    const rows = await untestedPage(ctx, region.code, withinHours, size, key && { communityCode: key[0], address: key[1], residentId: key[2] }, at);
    return toConnection(
      rows,
      size,
      columns.untestedCount(at, region.code, withinHours),
      (row) => encodeCursor([row.communityCode, row.address, row.residentId]),
      (row): Resident => ({ id: String(row.residentId) }),
    );
  }
}
