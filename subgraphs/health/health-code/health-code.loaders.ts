import type DataLoader from 'dataloader';
import { oneByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { healthFactsAt } from './health-facts.queries.js';
import type { HealthCode } from './health-code.type.js';
import { toHealthCode } from './health-code.mapper.js';
import { healthCodeAt, type HealthRules } from './rules.js';

type ResidentCode = HealthCode & { residentId: number };

export function createHealthCodeLoaders(ctx: BaseContext & { rules: HealthRules }) {
  // One instant per request: every code of "now" in one response is computed at the same moment.
  const now = new Date();
  // One loader per instant asked for in the request (usually only now).
  const byInstant = new Map<number, DataLoader<number, ResidentCode | null>>();
  return {
    /** Residents' health codes at an instant (null: the request's now), each from the facts recorded as holding then. */
    healthCode(at: Date | null) {
      const instant = at ?? now;
      let loader = byInstant.get(instant.getTime());
      if (!loader) {
        loader = oneByKey(
          async (ids: readonly number[]): Promise<ResidentCode[]> =>
            (await healthFactsAt(ctx.db, { residentIds: ids }, instant)).map((row) => ({
              residentId: row.residentId,
              ...toHealthCode(healthCodeAt(row.facts, instant, ctx.rules)),
            })),
          (code) => code.residentId,
        );
        byInstant.set(instant.getTime(), loader);
      }
      return loader;
    },
  };
}
