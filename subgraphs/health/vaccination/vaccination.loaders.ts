import type { LoaderContext } from '../context.js';

/** Per-request DataLoaders of the vaccination feature. */
export function createVaccinationLoaders(_ctx: LoaderContext) {
  return {};
}
