import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import type { HealthContext } from '../context.js';
import { Resident } from '../resident/resident.type.js';
import { CodeColor } from '../../shared/health-vocabulary.js';
import { recordVenueScan, registerVenue } from './venue.commands.js';
import { toVenue, toVenueScan } from './venue.mapper.js';
import { venuesPage } from './venue.queries.js';
import { MAX_SCANS, RegisterVenueInput, scanLimit, Venue, VenueScan } from './venue.type.js';
import { partOf } from '../../shared/resident-part.js';

export const { ConnectionType: VenueConnection } = connectionTypes(Venue, 'Venue', 'venue');

/** A reference with a malformed ID matches nothing (-1 is never an ID). */
const residentKey = (resident: Resident) => numericId(resident.id) ?? -1;

/** Venues and scans: the operations and Venue.abnormalScans. VenueScan.venue is read together with the scan. */
@Resolver(() => Venue)
export class VenueResolver {
  @Mutation(() => Venue, {
    description:
      'Registers a venue (place code). Errors: CONFLICT when the code is taken, BAD_USER_INPUT naming the field ' +
      '(input.code, input.name, input.type, input.communityCode: 12 digits), FORBIDDEN for a community outside your scope.',
  })
  async registerVenue(@Arg('input', () => RegisterVenueInput, { description: 'The venue.' }) input: RegisterVenueInput, @Ctx() ctx: HealthContext) {
    return toVenue(await registerVenue(ctx, input));
  }

  @Query(() => Venue, { nullable: true, description: 'One venue by its code; null when unknown or outside your scope.' })
  async venue(@Arg('code', () => String, { description: 'The venue code.' }) code: string, @Ctx() ctx: HealthContext) {
    const row = await ctx.loaders.venueByCode.load(code.trim());
    return row && ctx.scope.covers(row.communityCode) ? toVenue(row) : null;
  }

  @Query(() => VenueConnection, { description: 'Venues in a region (any level) within your scope, in code order, a page at a time.' })
  async venues(
    @Arg('regionCode', () => ID, { nullable: true, description: 'Only venues in this region (6-, 9- or 12-digit code); your whole scope when omitted.' })
    regionCode: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: HealthContext,
  ) {
    if (regionCode != null) {
      await ctx.scope.assertRegion(regionCode);
    }
    const size = pageSize(first);
    const key = decodeCursor(after, ['string'] as const);
    const { rows, totalCount } = await venuesPage(ctx.db, ctx.scope, regionCode ?? null, size, key?.[0] ?? null);
    return toConnection(rows, size, totalCount, (row) => encodeCursor([row.code]), toVenue);
  }

  @Mutation(() => VenueScan, {
    description:
      'Records that a resident scanned a venue code and which health-code colour they showed. ' +
      'Errors: BAD_USER_INPUT for an unknown venue (field venueCode) or a scannedAt in the future, NOT_FOUND for an unknown resident.',
  })
  async recordVenueScan(
    @Arg('residentId', () => ID, { description: 'Resident ID.' }) residentId: string,
    @Arg('venueCode', () => String, { description: 'The code scanned.' }) venueCode: string,
    @Arg('scannedAt', () => DateTimeResolver, { nullable: true, description: 'When it was scanned; now when omitted. Not in the future.' })
    scannedAt: Date | null,
    @Arg('colorShown', () => CodeColor, { description: 'The health-code colour the resident showed.' }) colorShown: CodeColor,
    @Ctx() ctx: HealthContext,
  ) {
    return toVenueScan(await recordVenueScan(ctx, residentId, venueCode, scannedAt, colorShown));
  }

  @FieldResolver(() => [VenueScan], { description: 'Abnormal scans (colour shown not GREEN) at this venue from `since` until now, newest first.' })
  async abnormalScans(
    @Root() venue: Venue,
    @Arg('since', () => DateTimeResolver, { nullable: true, description: 'From when (inclusive); 24 hours ago when omitted.' }) since: Date | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many, at most ${MAX_SCANS}.` }) first: number,
    @Ctx() ctx: HealthContext,
  ): Promise<VenueScan[]> {
    const limit = scanLimit(first);
    if (since && Number.isNaN(since.getTime())) throw badUserInput('since', 'since is not a valid instant.');
    return limit === 0 ? [] : ctx.loaders.abnormalScans(since, limit).load(venue.venueId);
  }
}

@Resolver(() => Resident)
export class ResidentVenueScansResolver {
  @FieldResolver(() => [VenueScan], { nullable: true, description: `The resident's latest venue-code scans, newest first.${partOf('health')}` })
  async venueScans(
    @Root() resident: Resident,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many, at most ${MAX_SCANS}.` }) first: number,
    @Ctx() ctx: HealthContext,
  ) {
    const limit = scanLimit(first);
    return limit === 0 ? [] : ctx.loaders.latestScans(limit).load(residentKey(resident));
  }
}
