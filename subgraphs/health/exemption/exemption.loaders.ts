import type { LoaderContext } from '../context.js';

/** Per-request DataLoaders of the exemption feature. */
export function createExemptionLoaders(_ctx: LoaderContext) {
  return {};
}
