import { manyByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { dosesOf } from './vaccination.queries.js';

/** Per-request DataLoaders of the vaccination feature. */
export function createVaccinationLoaders(ctx: BaseContext) {
  return {
    /** Every dose of a resident, in dose-number order: one query for a page of residents. */
    dosesByResident: manyByKey((ids: readonly number[]) => dosesOf(ctx.db, ids), (row) => row.residentId),
  };
}
