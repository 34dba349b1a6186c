import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import type { PermitsContext } from '../context.js';
import type { WorkPermitRow } from '../db.js';
import { toEnterprise } from '../enterprise/enterprise.mapper.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { toWorkPermit } from '../permit/permit.mapper.js';
import { WorkPermit } from '../permit/permit.type.js';
import { Resident } from '../resident/resident.type.js';
import { activePermitsPage } from './resumed.queries.js';
import { ResumedWorker } from './resumed-worker.type.js';

export const { ConnectionType: ResumedWorkerConnection } = connectionTypes(ResumedWorker, 'ResumedWorker', 'resumed worker');

function toResumedWorker(row: WorkPermitRow): ResumedWorker {
  return Object.assign(new ResumedWorker(), {
    since: row.validFrom!,
    until: row.validTo!,
    residentId: row.residentId,
    enterpriseId: row.enterpriseId,
    permitId: row.id,
  });
}

@Resolver(() => ResumedWorker)
export class ResumedWorkerResolver {
  @Query(() => ResumedWorkerConnection, {
    description:
      'The resumed-work database: who works where under an active permit (APPROVED, validFrom ≤ now < validTo) at an enterprise in a region ' +
      '(any level), newest first; one entry per active permit. totalCount counts entries (the resumedWorkers index counts distinct holders).',
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
    const { rows, totalCount } = await activePermitsPage(ctx.db, ctx.scope, regionCode, ctx.now, size, key);
    return toConnection(rows, size, totalCount, (row) => encodeCursor([row.validFrom!.toISOString(), row.id]), toResumedWorker);
  }

  @FieldResolver(() => Resident, { nullable: true, description: 'The worker; null when they live outside your scope (a row of yours may name a person who is not).' })
  resident(@Root() worker: ResumedWorker): Resident {
    return { id: String(worker.residentId) };
  }

  @FieldResolver(() => Enterprise, { description: 'Where they work.' })
  async enterprise(@Root() worker: ResumedWorker, @Ctx() ctx: PermitsContext) {
    return toEnterprise((await ctx.loaders.enterpriseById.load(worker.enterpriseId))!);
  }

  @FieldResolver(() => WorkPermit, { description: 'The active permit.' })
  async permit(@Root() worker: ResumedWorker, @Ctx() ctx: PermitsContext) {
    return toWorkPermit((await ctx.loaders.permitById.load(worker.permitId))!, ctx.now);
  }
}
