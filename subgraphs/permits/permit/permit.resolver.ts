import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import { MAX_REASON_LENGTH } from '../../shared/validation.js';
import type { PermitsContext } from '../context.js';
import { toEnterprise } from '../enterprise/enterprise.mapper.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { Resident } from '../resident/resident.type.js';
import { applyWorkPermit, approveWorkPermit, closeWorkPermit } from './permit.commands.js';
import { toPermitHistory, toWorkPermit } from './permit.mapper.js';
import { WorkPermitFilter } from './permit.inputs.js';
import { permitQueuePage } from './permit.queries.js';
import { resolveWorkPermit } from './permit.reference.js';
import { DEFAULT_VALID_DAYS, MAX_VALID_DAYS, NEGATIVE_SAMPLE_WINDOW_HOURS, withinValidity } from './permit.rules.js';
import { PermitEvent, PermitStatus, WorkPermit, WorkPermitConnection, WorkPermitType } from './permit.type.js';

@Resolver(() => WorkPermit)
export class WorkPermitResolver {
  @Query(() => WorkPermit, { nullable: true, description: 'One work permit by ID; null when unknown or its enterprise is outside your scope.' })
  async workPermit(@Arg('id', () => ID, { description: 'Work permit ID.' }) id: string, @Ctx() ctx: PermitsContext) {
    return resolveWorkPermit(id, ctx);
  }

  @Query(() => WorkPermitConnection, {
    description:
      'The permit queue of a region (any level; a permit belongs to its enterprise\'s region), optionally of some statuses as they read now, ' +
      'oldest application first (appliedAt, then ID), a page at a time. Errors: NOT_FOUND for a code that names no region, FORBIDDEN for a ' +
      'region outside your scope, BAD_USER_INPUT (first, after).',
  })
  async workPermits(
    @Arg('filter', () => WorkPermitFilter, { description: 'The region and, optionally, the statuses.' }) filter: WorkPermitFilter,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: PermitsContext,
  ) {
    await ctx.scope.assertRegion(filter.regionCode);
    const size = pageSize(first);
    const key = decodeCursor(after, ['string', 'number'] as const);
    const { rows, totalCount } = await permitQueuePage(ctx.db, {
      regionCode: filter.regionCode,
      statuses: filter.status?.length ? filter.status : null,
      at: ctx.now,
      first: size,
      after: key && [new Date(key[0]), key[1]],
    });
    return toConnection(rows, size, totalCount, (row) => encodeCursor([row.appliedAt.toISOString(), row.id]), (row) => toWorkPermit(row, ctx.now));
  }

  @Mutation(() => WorkPermit, {
    description:
      'Applies for a work permit for a resident at an enterprise (status PENDING). Errors: NOT_FOUND for an unknown resident or enterprise, ' +
      'CONFLICT for a resident who moved out or who already has a PENDING or APPROVED permit there, BAD_USER_INPUT (residentId, enterpriseId).',
  })
  async applyWorkPermit(
    @Arg('residentId', () => ID, { description: 'The resident who will hold the permit.' }) residentId: string,
    @Arg('enterpriseId', () => ID, { description: 'The enterprise they will work at.' }) enterpriseId: string,
    @Arg('type', () => WorkPermitType, { defaultValue: WorkPermitType.ON_SITE, description: 'Kind of permit; ON_SITE when omitted.' }) type: WorkPermitType,
    @Ctx() ctx: PermitsContext,
  ) {
    return toWorkPermit(await applyWorkPermit(ctx, residentId, enterpriseId, type, ctx.now), ctx.now);
  }

  @Mutation(() => WorkPermit, {
    description:
      `Approves a PENDING permit: valid from now for validDays days. Refused (CONFLICT, naming the reason) unless its enterprise is APPROVED_TO_RESUME, ` +
      `the holder's health code is GREEN and a sample taken within the last ${NEGATIVE_SAMPLE_WINDOW_HOURS} h has a NEGATIVE result (the latest such result decides); the health check is kept ` +
      'with the approval. Errors: NOT_FOUND, CONFLICT for any status but PENDING (naming it), BAD_USER_INPUT (id, validDays).',
  })
  async approveWorkPermit(
    @Arg('id', () => ID, { description: 'Work permit ID.' }) id: string,
    @Arg('validDays', () => Int, { defaultValue: DEFAULT_VALID_DAYS, description: `How many days it is valid (1 to ${MAX_VALID_DAYS}).` }) validDays: number,
    @Ctx() ctx: PermitsContext,
  ) {
    return toWorkPermit(await approveWorkPermit(ctx, id, validDays, ctx.now), ctx.now);
  }

  @Mutation(() => WorkPermit, { description: 'Rejects a PENDING permit. Errors: NOT_FOUND, CONFLICT for any other status (naming it), BAD_USER_INPUT (id, reason).' })
  async rejectWorkPermit(
    @Arg('id', () => ID, { description: 'Work permit ID.' }) id: string,
    @Arg('reason', () => String, { description: `Why, for the record (1 to ${MAX_REASON_LENGTH} characters).` }) reason: string,
    @Ctx() ctx: PermitsContext,
  ) {
    return toWorkPermit(await closeWorkPermit(ctx, id, 'reject', reason, ctx.now), ctx.now);
  }

  @Mutation(() => WorkPermit, {
    description: 'Revokes an APPROVED permit (one past its validTo is EXPIRED). Errors: NOT_FOUND, CONFLICT for any other status (naming it), BAD_USER_INPUT (id, reason).',
  })
  async revokeWorkPermit(
    @Arg('id', () => ID, { description: 'Work permit ID.' }) id: string,
    @Arg('reason', () => String, { description: `Why, for the record (1 to ${MAX_REASON_LENGTH} characters).` }) reason: string,
    @Ctx() ctx: PermitsContext,
  ) {
    return toWorkPermit(await closeWorkPermit(ctx, id, 'revoke', reason, ctx.now), ctx.now);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The enterprise the permit is for; null when outside your scope.' })
  async enterprise(@Root() permit: WorkPermit, @Ctx() ctx: PermitsContext) {
    const row = await ctx.loaders.enterpriseById.load(permit.enterpriseId);
    return row && toEnterprise(row);
  }

  @FieldResolver(() => Resident, { nullable: true, description: 'The resident who holds (or applied for) the permit; null when they live outside your scope (a row of yours may name a person who is not).' })
  resident(@Root() permit: WorkPermit): Resident {
    return { id: String(permit.residentId) };
  }

  @FieldResolver(() => Resident, { nullable: true, deprecationReason: 'Use resident (the same person).', description: 'The resident who holds the permit: the same as resident.' })
  holder(@Root() permit: WorkPermit): Resident {
    return this.resident(permit);
  }

  @FieldResolver(() => Boolean, {
    description:
      'True only while the permit is APPROVED, validFrom ≤ now < validTo, its enterprise is APPROVED_TO_RESUME now, the holder lives in the ' +
      'district now (not moved out, not deceased), and the holder\'s health code is GREEN now (asked of the health subgraph).',
  })
  async valid(@Root() permit: WorkPermit, @Ctx() ctx: PermitsContext): Promise<boolean> {
    if (!withinValidity(permit.status, permit.validFrom, permit.validTo, ctx.now)) return false;
    const [enterprise, livesHere] = await Promise.all([ctx.loaders.enterpriseById.load(permit.enterpriseId), ctx.loaders.holderLivesHere.load(permit.residentId)]);
    if (enterprise?.resumptionStatus !== 'APPROVED_TO_RESUME' || !livesHere) return false;
    return (await ctx.loaders.holderColor.load(permit.residentId)) === 'GREEN';
  }

  @FieldResolver(() => [PermitEvent], { description: 'Every status change, oldest first (the first is the application), with who, when, why.' })
  async history(@Root() permit: WorkPermit, @Ctx() ctx: PermitsContext) {
    return toPermitHistory(permit, await ctx.loaders.permitEvents.load(permit.permitId));
  }
}

/** Enterprise.permits: resolved here, so the enterprise folder needs nothing of the permit folder. */
@Resolver(() => Enterprise)
export class EnterprisePermitsResolver {
  @FieldResolver(() => WorkPermitConnection, { description: 'The enterprise\'s work permits, newest first, optionally of some statuses (as they read now).' })
  async permits(
    @Root() enterprise: Enterprise,
    @Arg('status', () => [PermitStatus], { nullable: true, description: 'Only permits with one of these statuses.' }) status: PermitStatus[] | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: PermitsContext,
  ) {
    const size = pageSize(first);
    const key = decodeCursor(after, ['number'] as const);
    const page = { statuses: status?.length ? status : null, first: size, beforeId: key?.[0] ?? null, at: ctx.now };
    const { rows, totalCount } = await ctx.loaders.permitsOfEnterprise(page).load(enterprise.enterpriseId);
    return toConnection(rows, size, totalCount, (row) => encodeCursor([row.id]), (row) => toWorkPermit(row, ctx.now));
  }
}
