import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { numericId } from '../../shared/ids.js';
import { resolveAsOf } from '../../shared/time.js';
import type { HealthContext } from '../context.js';
import { Resident } from '../resident/resident.type.js';
import { recordVaccination } from './vaccination.commands.js';
import { RecordVaccinationInput } from './vaccination.inputs.js';
import { toVaccinationStatus } from './vaccination.mapper.js';
import { VaccinationStatus } from './vaccination.type.js';
import { partOf } from '../../shared/resident-part.js';

@Resolver(() => Resident)
export class VaccinationResolver {
  @FieldResolver(() => VaccinationStatus, {
    nullable: true,
    description: `The resident's vaccination: doses given, whether the primary series is complete and whether boosted.${partOf('health')}`,
  })
  async vaccination(
    @Root() resident: Resident,
    @Arg('asOf', () => DateTimeResolver, { nullable: true, description: 'The instant to evaluate at (only doses given by then count); now when omitted. Not in the future.' })
    asOf: Date | null,
    @Ctx() ctx: HealthContext,
  ): Promise<VaccinationStatus> {
    const at = resolveAsOf(asOf);
    const id = numericId(resident.id);
    // A malformed reference has no doses.
    const rows = id === null ? [] : await ctx.loaders.dosesByResident.load(id);
    return toVaccinationStatus(rows, at);
  }

  @Mutation(() => VaccinationStatus, {
    description:
      'Records the next vaccine dose of a resident and returns their vaccination. Re-sending a recorded dose with identical details is a success that changes nothing. ' +
      'Errors: NOT_FOUND for an unknown resident; BAD_USER_INPUT naming the field for a dose number other than the next one (out of order), ' +
      'administeredAt in the future, before the birth date or not after the previous dose, an empty site or batch; ' +
      'CONFLICT when that dose number is already recorded with other details.',
  })
  async recordVaccination(
    @Arg('input', () => RecordVaccinationInput, { description: 'The dose.' }) input: RecordVaccinationInput,
    @Ctx() ctx: HealthContext,
  ): Promise<VaccinationStatus> {
    const rows = await recordVaccination(ctx, input);
    // Read after the write, not through the request's loader (which may hold the doses from before).
    ctx.loaders.dosesByResident.clear(Number(input.residentId)).prime(Number(input.residentId), rows);
    return toVaccinationStatus(rows, new Date());
  }
}
