import type { Db } from '../../shared/db/database.js';
import { regionIndexLoader, RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import type { HealthRules, LoaderContext } from '../context.js';
import { healthColumnsAt, healthFactsChangeAfter, refreshHealthColumns } from './health-columns.queries.js';
import type { HealthIndexColumns } from './health-indexes.js';
import type { HealthIndexes } from './health-indexes.type.js';

export type HealthStatistics = RegionStatistics<HealthIndexes, HealthIndexColumns>;

/** One per subgraph. */
export function createHealthStatistics(db: Db, rules: HealthRules): HealthStatistics {
  return new RegionStatistics(db, {
    schema: 'health',
    columnsAt: (executor, regionCodes, at) => healthColumnsAt(executor, regionCodes, at, rules),
    nextChangeAfter: healthFactsChangeAfter,
    incremental: { nextDue: (columns) => columns.nextDueAt(), refresh: refreshHealthColumns },
  });
}

export function createHealthIndexLoaders(ctx: LoaderContext) {
  return { healthIndexes: regionIndexLoader(ctx.statistics) };
}
