import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import type { PermitsContext } from '../context.js';
import { toEnterprise } from '../enterprise/enterprise.mapper.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { toWorkPermit } from '../permit/permit.mapper.js';
import { WorkPermit } from '../permit/permit.type.js';
import { Resident } from '../resident/resident.type.js';
import { compareHolders, resumedHolders, type ResumedHolder } from './resumed.rules.js';
import { ResumedWorker } from './resumed-worker.type.js';

export const { ConnectionType: ResumedWorkerConnection } = connectionTypes(ResumedWorker, 'ResumedWorker', 'resumed worker');

function toResumedWorker(holder: ResumedHolder): ResumedWorker {
  return Object.assign(new ResumedWorker(), { since: holder.since, until: holder.until, residentId: holder.residentId, permitIds: holder.permitIds });
}

@Resolver(() => ResumedWorker)
export class ResumedWorkerResolver {
  @Query(() => ResumedWorkerConnection, {
    description:
      'The resumed-work database: the holders of active permits (APPROVED, validFrom ≤ now < validTo, the enterprise APPROVED_TO_RESUME now, ' +
      'the holder living in the district now) at enterprises in a region (any level), one entry per holder, most recently resumed first ' +
      '(since descending, then resident ID descending). totalCount equals the region\'s resumedWorkers index now. ' +
      'Errors: NOT_FOUND for a code that names no region, FORBIDDEN for a region outside your scope.',
  })
  async resumedWorkers(
    @Arg('regionCode', () => ID, { description: 'District, town or community code (the enterprise\'s region).' }) regionCode: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: PermitsContext,
  ) {
    await ctx.scope.assertRegion(regionCode);
    const size = pageSize(first);
    const key = decodeCursor(after, ['string', 'number'] as const);
    // The same columns and instant as the region's index: the list is exactly whom resumedWorkers counts.
    const { columns, at } = await ctx.loaders.regionColumns(null, [regionCode]);
    const holders = resumedHolders(columns.activePermitsAt(at, regionCode));
    const from = key && { since: new Date(key[0]), residentId: key[1] };
    const rows = (from ? holders.filter((holder) => compareHolders(holder, from) > 0) : holders).slice(0, size + 1);
    return toConnection(rows, size, holders.length, (holder) => encodeCursor([holder.since.toISOString(), holder.residentId]), toResumedWorker);
  }

  @FieldResolver(() => Resident, { nullable: true, description: 'The worker; null when they live outside your scope (a row of yours may name a person who is not).' })
  resident(@Root() worker: ResumedWorker): Resident {
    return { id: String(worker.residentId) };
  }

  @FieldResolver(() => Enterprise, { description: 'Where they work: the enterprise of their newest active permit in the region.' })
  async enterprise(@Root() worker: ResumedWorker, @Ctx() ctx: PermitsContext) {
    const permit = (await ctx.loaders.permitById.load(worker.permitIds[0]!))!;
    return toEnterprise((await ctx.loaders.enterpriseById.load(permit.enterpriseId))!);
  }

  @FieldResolver(() => WorkPermit, { description: 'Their newest active permit in the region (the latest validFrom).' })
  async permit(@Root() worker: ResumedWorker, @Ctx() ctx: PermitsContext) {
    return toWorkPermit((await ctx.loaders.permitById.load(worker.permitIds[0]!))!, ctx.now);
  }

  @FieldResolver(() => [WorkPermit], { description: 'All their active permits in the region, newest validFrom first.' })
  async permits(@Root() worker: ResumedWorker, @Ctx() ctx: PermitsContext) {
    const rows = await Promise.all(worker.permitIds.map((id) => ctx.loaders.permitById.load(id)));
    return rows.map((row) => toWorkPermit(row!, ctx.now));
  }
}
