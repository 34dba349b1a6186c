/**
 * Resident search by work permit (population's `residents(filter:)`): the
 * holders of active permits now, the residents behind the resumedWorkers
 * index, for population to intersect with its own search. Internal, hidden
 * from the API (@inaccessible). District-wide on purpose: a permit counts in
 * its enterprise's region, a resident is searched where they live, and the
 * caller's residence scope is applied by population to the IDs it keeps.
 */
import { Ctx, Directive, Query, Resolver } from 'type-graphql';
import { encodeResidentIds } from '../../shared/resident-id-set.js';
import { WHOLE_DISTRICT } from '../../shared/snapshot/region-statistics.js';
import type { PermitsContext } from '../context.js';
import { PermitIndex } from '../statistics/permit-index.enum.js';

@Resolver()
export class ActiveHoldersResolver {
  @Directive('@inaccessible')
  @Query(() => String, { description: 'Internal, for resident search: the IDs (resident-id-set encoding) of every holder of an active work permit now.' })
  async activePermitHolderIds(@Ctx() ctx: PermitsContext): Promise<string> {
    const { columns, at } = await ctx.statistics.presentColumns();
    return encodeResidentIds(columns.peopleAt(PermitIndex.RESUMED_WORKERS, at, WHOLE_DISTRICT).flatMap((community) => community.residentIds()));
  }
}
