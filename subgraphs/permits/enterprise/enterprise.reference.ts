/** One enterprise by ID, for the `enterprise(id)` query and for federation references alike: null when unknown or outside the viewer's scope. */
import { numericId } from '../../shared/ids.js';
import type { PermitsContext } from '../context.js';
import { toEnterprise } from './enterprise.mapper.js';
import type { Enterprise } from './enterprise.type.js';

export async function resolveEnterprise(id: string, ctx: PermitsContext): Promise<Enterprise | null> {
  const enterpriseId = numericId(id);
  const row = enterpriseId === null ? null : await ctx.loaders.enterpriseById.load(enterpriseId);
  return row && toEnterprise(row);
}

export const enterpriseReference = { __resolveReference: (reference: { id: string }, ctx: PermitsContext) => resolveEnterprise(reference.id, ctx) };
