import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { PopulationContext } from '../context.js';
import { tagResident, untagResident } from '../tag/tag.commands.js';
import { moveOutResident, registerResident, updateResident } from './resident.commands.js';
import { RegisterResidentInput, UpdateResidentInput } from './resident.inputs.js';
import { toResident } from './resident.mapper.js';
import { residentsByIds } from './resident.queries.js';
import { parseResidentId } from './resident-id.js';
import { Resident } from './resident.type.js';

/** Reads a resident back after a change, bypassing the request's loader cache. */
async function reload(ctx: PopulationContext, id: number | string): Promise<Resident> {
  const [record] = await residentsByIds(ctx, [typeof id === 'number' ? id : parseResidentId(id)]);
  return toResident(record!);
}

@Resolver(() => Resident)
export class ResidentMutations {
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
}
