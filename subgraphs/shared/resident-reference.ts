/**
 * Federation: the gateway hands a subgraph `{ id }` for the fields it adds to
 * Resident. A resident the subgraph knows to live outside the viewer's scope
 * resolves to null, as population's `resident(id)` does; one it has not heard
 * of yet passes (it has no facts of its own to show). Health and cases each
 * know where residents live from population's events.
 */
import { numericId } from './ids.js';
import type { RegionScope } from './viewer.js';

export interface KnowsWhereResidentsLive {
  scope: RegionScope;
  loaders: { residentCommunity: { load(id: number): Promise<{ communityCode: string } | null> } };
}

export async function residentInScope<R extends { id: string }>(reference: R, ctx: KnowsWhereResidentsLive): Promise<R | null> {
  const id = numericId(reference.id);
  const known = id === null ? null : await ctx.loaders.residentCommunity.load(id);
  return known && !ctx.scope.covers(known.communityCode) ? null : reference;
}
