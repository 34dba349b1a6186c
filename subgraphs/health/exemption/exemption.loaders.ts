import DataLoader from 'dataloader';
import { manyByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { exemptionsOf, exemptResidentsAt } from './exemption.queries.js';

/** Per-request DataLoaders of the exemption feature. */
export function createExemptionLoaders(ctx: BaseContext) {
  // "Now" is one instant per request, so every resident of a page is judged at the same moment.
  const now = new Date();
  return {
    /** Every exemption of a resident, newest start first. */
    exemptions: manyByKey((ids: readonly number[]) => exemptionsOf(ctx.db, ids), (row) => row.residentId),
    /** Whether a resident is exempt from testing now. */
    exemptNow: new DataLoader<number, boolean>(async (ids) => {
      const exempt = await exemptResidentsAt(ctx.db, ids, now);
      return ids.map((id) => exempt.has(id));
    }),
  };
}
