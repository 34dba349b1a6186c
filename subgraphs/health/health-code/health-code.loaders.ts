import { oneByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { healthFactsAt } from './health-facts.queries.js';
import type { HealthCode } from './health-code.type.js';
import { toHealthCode } from './health-code.mapper.js';
import { healthCodeAt, type HealthRules } from './rules.js';

export function createHealthCodeLoaders(ctx: BaseContext & { rules: HealthRules }) {
  // One instant per request: every code in one response is computed at the same moment.
  const now = new Date();
  return {
    healthCode: oneByKey(
      async (ids: readonly number[]): Promise<(HealthCode & { residentId: number })[]> =>
        (await healthFactsAt(ctx.db, { residentIds: ids }, now)).map((row) => ({
          residentId: row.residentId,
          ...toHealthCode(healthCodeAt(row.facts, now, ctx.rules)),
        })),
      (code) => code.residentId,
    ),
  };
}
