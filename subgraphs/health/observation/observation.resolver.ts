import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import type { HealthContext } from '../context.js';
import { MAX_REASON_LENGTH } from '../../shared/validation.js';
import { Resident } from '../resident/resident.type.js';
import { DEFAULT_OBSERVATION_DAYS, endHomeObservation, MAX_OBSERVATION_DAYS, startHomeObservation } from './observation.commands.js';
import { toHomeObservation } from './observation.mapper.js';
import { HomeObservation } from './observation.type.js';

/** A reference with a malformed ID matches nothing (-1 is never an ID). */
const residentKey = (resident: Resident) => numericId(resident.id) ?? -1;

@Resolver(() => Resident)
export class HomeObservationResolver {
  @Mutation(() => HomeObservation, {
    description:
      'Starts home health observation of a resident for `days` days (planned end = start + days). ' +
      'Errors: NOT_FOUND for an unknown resident, CONFLICT once moved out or when the period overlaps an observation already on record ' +
      '(one active observation at a time), BAD_USER_INPUT naming the field (reason, startedAt, days).',
  })
  async startHomeObservation(
    @Arg('residentId', () => ID, { description: 'Resident ID.' }) residentId: string,
    @Arg('reason', () => String, { description: `Why, for the record (1 to ${MAX_REASON_LENGTH} characters).` }) reason: string,
    @Arg('startedAt', () => DateTimeResolver, { nullable: true, description: 'The stated start (statedFrom; the planned end counts from it); now when omitted. Not in the future; an earlier one is shown, but it holds only from now.' })
    startedAt: Date | null,
    @Arg('days', () => Int, { defaultValue: DEFAULT_OBSERVATION_DAYS, description: `How many days, 1 to ${MAX_OBSERVATION_DAYS}.` }) days: number,
    @Ctx() ctx: HealthContext,
  ) {
    return toHomeObservation(await startHomeObservation(ctx, residentId, reason, startedAt, days));
  }

  @Mutation(() => HomeObservation, {
    description:
      'Ends the resident\'s active home observation early. Errors: NOT_FOUND for an unknown resident, CONFLICT when none is active, ' +
      'BAD_USER_INPUT (field endedAt) for an end in the future or before the start.',
  })
  async endHomeObservation(
    @Arg('residentId', () => ID, { description: 'Resident ID.' }) residentId: string,
    @Arg('endedAt', () => DateTimeResolver, { nullable: true, description: 'The stated end (statedUntil); now when omitted. Not in the future; an earlier one is shown, but it stops holding now.' }) endedAt: Date | null,
    @Ctx() ctx: HealthContext,
  ) {
    return toHomeObservation(await endHomeObservation(ctx, residentId, endedAt));
  }

  @FieldResolver(() => HomeObservation, {
    nullable: true,
    description: 'The resident\'s home health observation: the active one, else the most recent; null if never observed.',
  })
  async homeObservation(@Root() resident: Resident, @Ctx() ctx: HealthContext) {
    const row = await ctx.loaders.currentObservation.load(residentKey(resident));
    return row ? toHomeObservation(row) : null;
  }
}
