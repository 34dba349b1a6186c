/**
 * Federation: other subgraphs hand over `{ id }` and get the whole resident
 * (the `resident(id)` query answers the same way).
 */
import { numericId } from '../../shared/ids.js';
import type { PopulationContext } from '../context.js';
import { toResident } from './resident.mapper.js';
import type { Resident } from './resident.type.js';

export async function resolveResidentReference(reference: { id: string }, ctx: PopulationContext): Promise<Resident | null> {
  const id = numericId(reference.id);
  const record = id === null ? null : await ctx.loaders.residentById.load(id);
  return record && toResident(record);
}

export const residentReference = { __resolveReference: resolveResidentReference };
