import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { seesPersonalData } from '../../shared/auth/masking.js';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import { ageOn, shanghaiDate } from '../../shared/time.js';
import type { PopulationContext } from '../context.js';
import { Household } from '../household/household.type.js';
import { Region } from '../region/region.type.js';
import { Tag, TagAssignment } from '../tag/tag.type.js';
import { toTagAssignment } from '../tag/tag.mapper.js';
import { tagResident, untagResident } from '../tag/tag.commands.js';
import { filterConditions, ResidentFilter } from './resident-filter.js';
import { moveOutResident, registerResident, updateResident } from './resident.commands.js';
import { RegisterResidentInput, UpdateResidentInput } from './resident.inputs.js';
import { toResident } from './resident.mapper.js';
import { pageFromPresentColumns, pageOfCurrentResidents, peerConditions, residentsByIds } from './resident.queries.js';
import { parseResidentId } from './resident-id.js';
import { peerMatches } from './peer-criteria.js';
import { resolveResidentReference } from './resident.reference.js';
import { Resident } from './resident.type.js';

/** Reads a resident back after a change, bypassing the request's loader cache. */
async function reload(ctx: PopulationContext, id: number | string): Promise<Resident> {
  const [record] = await residentsByIds(ctx, [typeof id === 'number' ? id : parseResidentId(id)]);
  return toResident(record!);
}

export const { ConnectionType: ResidentConnection } = connectionTypes(Resident, 'Resident', 'resident');

@Resolver(() => Resident)
export class ResidentResolver {
  @Query(() => Resident, { nullable: true, description: 'One resident by ID (moved-out residents included); null when unknown or outside your scope.' })
  async resident(@Arg('id', () => ID, { description: 'Resident ID.' }) id: string, @Ctx() ctx: PopulationContext) {
    return resolveResidentReference({ id }, ctx);
  }

  @Query(() => ResidentConnection, {
    description: 'Search current residents by any combination of criteria, in a stable order (by ID), a page at a time.',
  })
  async residents(
    @Arg('filter', () => ResidentFilter, { nullable: true, description: 'Criteria; all residents in your scope when omitted.' })
    filter: ResidentFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' })
    after: string | null,
    @Ctx() ctx: PopulationContext,
  ) {
    const size = pageSize(first);
    const afterKey = decodeCursor(after, ['number'] as const);
    const conditions = await filterConditions(filter ?? {}, {
      unknownTags: async (codes) => {
        const catalog = await ctx.loaders.tagCatalog();
        return codes.filter((code) => !catalog.has(code));
      },
      assertRegion: (code) => ctx.scope.assertRegion(code),
      personalData: seesPersonalData(ctx.viewer.role),
    });
    // The filter's region was checked against the scope: the more specific of the two bounds the other subgraphs' answers.
    const regionCode = filter?.regionCode?.startsWith(ctx.scope.regionCode) ? filter.regionCode : ctx.scope.regionCode;
    const peers = await peerMatches(ctx.entities, ctx.viewer, filter ?? {}, regionCode);
    const { rows, totalCount } = filter?.text
      ? await pageOfCurrentResidents(ctx, [...conditions, ...peerConditions(peers)], size, afterKey?.[0] ?? null)
      : ((await pageFromPresentColumns(ctx, filter ?? {}, peers, size, afterKey?.[0] ?? null)) ??
        (await pageOfCurrentResidents(ctx, [...conditions, ...peerConditions(peers)], size, afterKey?.[0] ?? null)));
    // The page's residents are now known: later references to them in this request need no query.
    for (const row of rows) ctx.loaders.residentById.prime(row.resident.id, row);
    return toConnection(rows, size, totalCount, (row) => encodeCursor([row.resident.id]), toResident);
  }

  @Mutation(() => Resident, {
    description:
      'Registers a person living in the district. Errors: BAD_USER_INPUT naming the field (identity number, phone, community, household), CONFLICT when the identity number is already registered.',
  })
  async registerResident(@Arg('input', () => RegisterResidentInput, { description: 'The person and where they live.' }) input: RegisterResidentInput, @Ctx() ctx: PopulationContext) {
    return reload(ctx, await registerResident(ctx, input));
  }

  @Mutation(() => Resident, { description: 'Changes a current resident. NOT_FOUND for an unknown ID, CONFLICT once moved out.' })
  async updateResident(
    @Arg('id', () => ID, { description: 'Resident ID.' }) id: string,
    @Arg('input', () => UpdateResidentInput, { description: 'The changes.' }) input: UpdateResidentInput,
    @Ctx() ctx: PopulationContext,
  ) {
    await updateResident(ctx, id, input);
    return reload(ctx, id);
  }

  @Mutation(() => Resident, { description: 'Records that a resident moved out of the district. The record is kept; they are no longer counted.' })
  async moveOutResident(
    @Arg('id', () => ID, { description: 'Resident ID.' }) id: string,
    @Arg('movedOutAt', () => DateTimeResolver, { nullable: true, description: 'When they moved out; now when omitted. Not in the future.' })
    movedOutAt: Date | null,
    @Ctx() ctx: PopulationContext,
  ) {
    await moveOutResident(ctx, id, movedOutAt);
    return reload(ctx, id);
  }

  @Mutation(() => Resident, { description: 'Puts a tag on a resident, recording who, when and why. Tagging twice changes nothing.' })
  async tagResident(
    @Arg('residentId', () => ID, { description: 'Resident ID.' }) residentId: string,
    @Arg('tagCode', () => String, { description: 'A code from the tag catalog.' }) tagCode: string,
    @Arg('reason', () => String, { description: 'Why, for the record.' }) reason: string,
    @Ctx() ctx: PopulationContext,
  ) {
    await tagResident(ctx, residentId, tagCode, reason);
    return reload(ctx, residentId);
  }

  @Mutation(() => Resident, { description: 'Takes a tag off a resident, recording who, when and why. Untagging a tag the resident lacks changes nothing.' })
  async untagResident(
    @Arg('residentId', () => ID, { description: 'Resident ID.' }) residentId: string,
    @Arg('tagCode', () => String, { description: 'A code from the tag catalog.' }) tagCode: string,
    @Arg('reason', () => String, { description: 'Why, for the record.' }) reason: string,
    @Ctx() ctx: PopulationContext,
  ) {
    await untagResident(ctx, residentId, tagCode, reason);
    return reload(ctx, residentId);
  }

  @FieldResolver(() => Int, { description: 'Age in whole years today (Asia/Shanghai calendar).' })
  age(@Root() resident: Resident): number {
    return ageOn(resident.birthDate, shanghaiDate(new Date()));
  }

  @FieldResolver(() => Region, { description: 'The community the resident lives in (or last lived in, once moved out).' })
  async community(@Root() resident: Resident, @Ctx() ctx: PopulationContext) {
    return ctx.loaders.regionByCode.load(resident.residency.communityCode);
  }

  @FieldResolver(() => Household, { nullable: true, description: 'The resident\'s household.' })
  async household(@Root() resident: Resident, @Ctx() ctx: PopulationContext) {
    return ctx.loaders.householdById.load(resident.residency.householdId);
  }

  @FieldResolver(() => [Tag], { description: 'Tags the resident has now, newest first.' })
  async tags(@Root() resident: Resident, @Ctx() ctx: PopulationContext) {
    const [taggings, catalog] = await Promise.all([ctx.loaders.currentTaggings.load(Number(resident.id)), ctx.loaders.tagCatalog()]);
    return taggings.map((row) => catalog.get(row.tagCode)!);
  }

  @FieldResolver(() => [TagAssignment], { description: 'Every tagging of the resident, current and ended, newest first: who, when and why.' })
  async tagHistory(@Root() resident: Resident, @Ctx() ctx: PopulationContext) {
    const [taggings, catalog] = await Promise.all([ctx.loaders.allTaggings.load(Number(resident.id)), ctx.loaders.tagCatalog()]);
    return taggings.map((row) => toTagAssignment(row, catalog.get(row.tagCode)!));
  }
}
