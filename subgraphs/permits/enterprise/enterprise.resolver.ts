import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import type { PermitsContext } from '../context.js';
import { Region } from '../region/region.type.js';
import { registerEnterprise, setEnterpriseResumption } from './enterprise.commands.js';
import { toEnterprise, toResumptionChange } from './enterprise.mapper.js';
import { enterprisesPage } from './enterprise.queries.js';
import { resolveEnterprise } from './enterprise.reference.js';
import { Enterprise, EnterpriseFilter, RegisterEnterpriseInput, ResumptionChange, ResumptionStatus } from './enterprise.type.js';
import { MAX_REASON_LENGTH } from '../../shared/validation.js';

export const { ConnectionType: EnterpriseConnection } = connectionTypes(Enterprise, 'Enterprise', 'enterprise');

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @Query(() => Enterprise, { nullable: true, description: 'One enterprise by ID; null when unknown or outside your scope.' })
  async enterprise(@Arg('id', () => ID, { description: 'Enterprise ID.' }) id: string, @Ctx() ctx: PermitsContext) {
    return resolveEnterprise(id, ctx);
  }

  @Query(() => EnterpriseConnection, { description: 'Enterprises within your scope, optionally of one region and resumption statuses, in ID order, a page at a time.' })
  async enterprises(
    @Arg('filter', () => EnterpriseFilter, { nullable: true, description: 'Which enterprises; all within your scope when omitted.' }) filter: EnterpriseFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: PermitsContext,
  ) {
    const regionCode = filter?.regionCode ?? null;
    if (regionCode !== null) {
      await ctx.scope.assertRegion(regionCode);
    }
    const size = pageSize(first);
    const key = decodeCursor(after, ['number'] as const);
    const statuses = filter?.status?.length ? filter.status : null;
    const { rows, totalCount } = await enterprisesPage(ctx.db, ctx.scope, { regionCode, statuses }, size, key?.[0] ?? null);
    return toConnection(rows, size, totalCount, (row) => encodeCursor([row.id]), toEnterprise);
  }

  @Mutation(() => Enterprise, {
    description:
      'Registers an enterprise (resumption status NOT_RESUMED). Errors: BAD_USER_INPUT naming the field (input.creditCode: 18 characters with a ' +
      'valid GB 32100 check character; input.name; input.industry; input.communityCode: an existing community), CONFLICT when the credit code ' +
      'is already registered, FORBIDDEN for a community outside your scope.',
  })
  async registerEnterprise(@Arg('input', () => RegisterEnterpriseInput, { description: 'The enterprise.' }) input: RegisterEnterpriseInput, @Ctx() ctx: PermitsContext) {
    return toEnterprise(await registerEnterprise(ctx, input, ctx.now));
  }

  @Mutation(() => Enterprise, {
    description:
      'Changes an enterprise\'s resumption status, kept in its history with who, when and why: NOT_RESUMED → APPROVED_TO_RESUME, ' +
      'APPROVED_TO_RESUME → SUSPENDED, SUSPENDED → APPROVED_TO_RESUME. Errors: NOT_FOUND, CONFLICT for any other change (naming the current status), ' +
      'BAD_USER_INPUT (id, reason).',
  })
  async setEnterpriseResumption(
    @Arg('id', () => ID, { description: 'Enterprise ID.' }) id: string,
    @Arg('status', () => ResumptionStatus, { description: 'The new status.' }) status: ResumptionStatus,
    @Arg('reason', () => String, { description: `Why, for the record (1 to ${MAX_REASON_LENGTH} characters).` }) reason: string,
    @Ctx() ctx: PermitsContext,
  ) {
    return toEnterprise(await setEnterpriseResumption(ctx, id, status, reason, ctx.now));
  }

  @FieldResolver(() => Region, { description: 'The community the enterprise is registered in.' })
  community(@Root() enterprise: Enterprise): Region {
    return { code: enterprise.communityCode };
  }

  @FieldResolver(() => [ResumptionChange], { description: 'Every change of the resumption status, oldest first (the first is the registration).' })
  async resumptionHistory(@Root() enterprise: Enterprise, @Ctx() ctx: PermitsContext) {
    return (await ctx.loaders.resumptionHistory.load(enterprise.enterpriseId)).map(toResumptionChange);
  }
}
