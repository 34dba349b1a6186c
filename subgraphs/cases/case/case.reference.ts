/** Federation: other subgraphs hand over `{ id }` and get the whole case (null when unknown or outside the viewer's scope). */
import { numericId } from '../../shared/ids.js';
import type { CasesContext } from '../context.js';
import { toPositiveCase } from './case.mapper.js';
import type { PositiveCase } from './case.type.js';

export async function resolveCaseReference(reference: { id: string }, ctx: CasesContext): Promise<PositiveCase | null> {
  const id = numericId(reference.id);
  const row = id === null ? null : await ctx.loaders.caseById.load(id);
  return row ? toPositiveCase(row) : null;
}

export const caseReference = { __resolveReference: resolveCaseReference };
