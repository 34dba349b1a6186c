/** Federation: other subgraphs hand over `{ code }` and get the whole region (null when unknown or outside the viewer's scope). */
import type { PopulationContext } from '../context.js';
import type { Region } from './region.type.js';

export function resolveRegionReference(reference: { code: string }, ctx: PopulationContext): Promise<Region | null> {
  return ctx.loaders.regionByCode.load(reference.code);
}

export const regionReference = { __resolveReference: resolveRegionReference };
