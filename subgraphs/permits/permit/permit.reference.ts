/** One work permit by ID, for the `workPermit(id)` query and for federation references alike: null when unknown or its enterprise is outside the viewer's scope. */
import { numericId } from '../../shared/ids.js';
import type { PermitsContext } from '../context.js';
import { toWorkPermit } from './permit.mapper.js';
import type { WorkPermit } from './permit.type.js';

export async function resolveWorkPermit(id: string, ctx: PermitsContext): Promise<WorkPermit | null> {
  const permitId = numericId(id);
  const row = permitId === null ? null : await ctx.loaders.permitById.load(permitId);
  if (!row || !(await ctx.loaders.enterpriseById.load(row.enterpriseId))) return null;
  return toWorkPermit(row, ctx.now);
}

export const workPermitReference = { __resolveReference: (reference: { id: string }, ctx: PermitsContext) => resolveWorkPermit(reference.id, ctx) };
