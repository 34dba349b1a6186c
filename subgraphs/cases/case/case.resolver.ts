import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import type { CasesContext } from '../context.js';
import { toCloseContact } from '../contact/contact.mapper.js';
import { CloseContact } from '../contact/contact.type.js';
import { toFacility } from '../facility/facility.mapper.js';
import { Facility } from '../facility/facility.type.js';
import { dischargeCase, MAX_NOTE_LENGTH, recordDeath, reclassifyCase, reportCase, transferCase } from './case.commands.js';
import { toPositiveCase, toTimelineEvent } from './case.mapper.js';
import { casesPage } from './case.queries.js';
import { resolveCaseReference } from './case.reference.js';
import { CaseClassification, CaseFilter, CaseTimelineEvent, PositiveCase, ReportCaseInput } from './case.type.js';

export const { ConnectionType: PositiveCaseConnection } = connectionTypes(PositiveCase, 'PositiveCase', 'positive case');

const NOTE = `Note for the timeline (up to ${MAX_NOTE_LENGTH} characters).`;

@Resolver(() => PositiveCase)
export class CaseResolver {
  @Query(() => PositiveCase, { nullable: true, description: 'One positive case by ID; null when unknown or outside your scope.' })
  async case(@Arg('id', () => ID, { description: 'Case ID.' }) id: string, @Ctx() ctx: CasesContext) {
    return resolveCaseReference({ id }, ctx);
  }

  @Query(() => PositiveCaseConnection, {
    description: 'The whole-process list of positive cases counted in a region (community at report) within your scope, newest report first.',
  })
  async cases(
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Region and statuses; every case in your scope when omitted.' }) filter: CaseFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: CasesContext,
  ) {
    const regionCode = filter?.regionCode ?? null;
    if (regionCode !== null) {
      await ctx.scope.assertRegion(regionCode);
    }
    const size = pageSize(first);
    const key = decodeCursor(after, ['string', 'number'] as const);
    const { rows, totalCount } = await casesPage(
      ctx.db,
      ctx.scope,
      { regionCode, statuses: filter?.status ?? null },
      size,
      key ? { reportedAt: new Date(key[0]), id: key[1] } : null,
    );
    return toConnection(rows, size, totalCount, (row) => encodeCursor([row.reportedAt.toISOString(), row.id]), toPositiveCase);
  }

  @Mutation(() => PositiveCase, {
    description:
      'Reports a positive case by hand (cases from individual positive lab results open by themselves). The case holds from now, when it is recorded (an earlier ' +
      'reportedAt is kept as statedReportedAt): health reads the resident RED (ACTIVE_CASE) from then; quarantined close-contact records of the resident end, CONVERTED_TO_CASE. Errors: NOT_FOUND for an unknown resident, ' +
      'CONFLICT when the resident already has an active case, moved out, or the sample already opened a case; BAD_USER_INPUT naming the field.',
  })
  async reportCase(@Arg('input', () => ReportCaseInput, { description: 'The case.' }) input: ReportCaseInput, @Ctx() ctx: CasesContext) {
    return toPositiveCase(await reportCase(ctx, input));
  }

  @Mutation(() => PositiveCase, {
    description:
      'Transfers a REPORTED case into a facility, or moves a TRANSFERRED case to another one. Errors: NOT_FOUND (case or facility), ' +
      'CONFLICT naming the current status when the case cannot be transferred, when the facility is full, or when it is in that facility already.',
  })
  async transferCase(
    @Arg('id', () => ID, { description: 'Case ID.' }) id: string,
    @Arg('facilityId', () => ID, { description: 'Facility ID.' }) facilityId: string,
    @Arg('note', () => String, { nullable: true, description: NOTE }) note: string | null,
    @Ctx() ctx: CasesContext,
  ) {
    return toPositiveCase(await transferCase(ctx, id, facilityId, note));
  }

  @Mutation(() => PositiveCase, {
    description:
      'Discharges a TRANSFERRED case. Health starts 7 days of home health observation (YELLOW with HOME_OBSERVATION) within a second. ' +
      'Errors: NOT_FOUND, CONFLICT naming the current status.',
  })
  async dischargeCase(
    @Arg('id', () => ID, { description: 'Case ID.' }) id: string,
    @Arg('note', () => String, { nullable: true, description: NOTE }) note: string | null,
    @Ctx() ctx: CasesContext,
  ) {
    return toPositiveCase(await dischargeCase(ctx, id, note));
  }

  @Mutation(() => PositiveCase, { description: 'Records the death of a REPORTED or TRANSFERRED case. Errors: NOT_FOUND, CONFLICT naming the current status.' })
  async recordDeath(
    @Arg('id', () => ID, { description: 'Case ID.' }) id: string,
    @Arg('note', () => String, { nullable: true, description: NOTE }) note: string | null,
    @Ctx() ctx: CasesContext,
  ) {
    return toPositiveCase(await recordDeath(ctx, id, note));
  }

  @Mutation(() => PositiveCase, {
    description: 'Changes the clinical classification of an active case. Errors: NOT_FOUND, CONFLICT naming the current status or when unchanged.',
  })
  async reclassifyCase(
    @Arg('id', () => ID, { description: 'Case ID.' }) id: string,
    @Arg('classification', () => CaseClassification, { description: 'The new classification.' }) classification: CaseClassification,
    @Arg('note', () => String, { nullable: true, description: NOTE }) note: string | null,
    @Ctx() ctx: CasesContext,
  ) {
    return toPositiveCase(await reclassifyCase(ctx, id, classification, note));
  }

  @FieldResolver(() => Facility, { nullable: true, description: 'The facility the case is in (or was in when it ended); null before any transfer.' })
  async facility(@Root() positiveCase: PositiveCase, @Ctx() ctx: CasesContext) {
    if (positiveCase.facilityId === null) return null;
    const row = await ctx.loaders.facilityById.load(positiveCase.facilityId);
    return row ? toFacility(row) : null;
  }

  @FieldResolver(() => [CaseTimelineEvent], { description: 'Every change of the case, oldest first; append-only.' })
  async timeline(@Root() positiveCase: PositiveCase, @Ctx() ctx: CasesContext) {
    return (await ctx.loaders.timeline.load(Number(positiveCase.id))).map(toTimelineEvent);
  }

  @FieldResolver(() => [CloseContact], { description: 'The close contacts traced from this case, in the order they were added.' })
  async closeContacts(@Root() positiveCase: PositiveCase, @Ctx() ctx: CasesContext) {
    const now = new Date();
    return (await ctx.loaders.contactsOfCase.load(Number(positiveCase.id))).map((row) => toCloseContact(row, now));
  }
}

@Resolver(() => CaseTimelineEvent)
export class CaseTimelineResolver {
  @FieldResolver(() => Facility, { nullable: true, description: 'The facility the case was in after this event; null before any transfer.' })
  async facility(@Root() event: CaseTimelineEvent, @Ctx() ctx: CasesContext) {
    if (event.facilityId === null) return null;
    const row = await ctx.loaders.facilityById.load(event.facilityId);
    return row ? toFacility(row) : null;
  }
}
