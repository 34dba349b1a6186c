import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import type { HealthContext } from '../context.js';
import { Resident } from '../resident/resident.type.js';
import { MAX_REASON_LENGTH } from '../../shared/validation.js';
import { endExemption, recordExemption } from './exemption.commands.js';
import { toExemption } from './exemption.mapper.js';
import { Exemption } from './exemption.type.js';
import { partOf } from '../../shared/resident-part.js';

/** A reference with a malformed ID matches nothing (-1 is never an ID). */
const residentKey = (resident: Resident) => numericId(resident.id) ?? -1;

@Resolver(() => Resident)
export class ExemptionResolver {
  @Mutation(() => Exemption, {
    description:
      'Records that a resident is exempt from routine testing over a period (source RECORD): left out of call lists and of NO_RECENT_TEST. ' +
      'Errors: NOT_FOUND for an unknown resident, CONFLICT once moved out, BAD_USER_INPUT naming the field (reason, until).',
  })
  async recordExemption(
    @Arg('residentId', () => ID, { description: 'Resident ID.' }) residentId: string,
    @Arg('reason', () => String, { description: `Why, for the record (1 to ${MAX_REASON_LENGTH} characters).` }) reason: string,
    @Arg('from', () => DateTimeResolver, { nullable: true, description: 'The stated start (statedFrom); now when omitted. A later date is when it starts holding; an earlier one (a certificate dated last week) is shown, but it holds only from now.' })
    from: Date | null,
    @Arg('until', () => DateTimeResolver, { nullable: true, description: 'The stated end (statedUntil, after `from`); open-ended when omitted. A date already past holds it at no instant.' })
    until: Date | null,
    @Ctx() ctx: HealthContext,
  ) {
    return toExemption(await recordExemption(ctx, residentId, reason, from, until));
  }

  @Mutation(() => Exemption, {
    description:
      'Ends a recorded exemption (source RECORD) at `at`. Ending only shortens it: `at` must be after its start and before any planned end. ' +
      'Errors: NOT_FOUND for an unknown ID, CONFLICT for a tag-based exemption (take the tag off instead) or one already over, BAD_USER_INPUT (field at).',
  })
  async endExemption(
    @Arg('id', () => ID, { description: 'Exemption ID.' }) id: string,
    @Arg('at', () => DateTimeResolver, { nullable: true, description: 'The stated end (statedUntil); now when omitted. A later date is when it stops holding; an earlier one is shown, but it stops holding now.' }) at: Date | null,
    @Ctx() ctx: HealthContext,
  ) {
    return toExemption(await endExemption(ctx, id, at));
  }

  @FieldResolver(() => [Exemption], { nullable: true, description: `Every exemption from routine testing of this resident, both sources, ended ones too, newest start first.${partOf('health')}` })
  async exemptions(@Root() resident: Resident, @Ctx() ctx: HealthContext) {
    const now = new Date();
    return (await ctx.loaders.exemptions.load(residentKey(resident))).map((row) => toExemption(row, now));
  }

  @FieldResolver(() => Boolean, { nullable: true, description: `True when an exemption (either source) holds now: left out of call lists, no NO_RECENT_TEST.${partOf('health')}` })
  async exemptFromTesting(@Root() resident: Resident, @Ctx() ctx: HealthContext) {
    return ctx.loaders.exemptNow.load(residentKey(resident));
  }
}
