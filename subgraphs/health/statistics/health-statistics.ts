import type { Db } from '../../shared/db/database.js';
import { RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import type { HealthRules } from '../health-code/rules.js';
import { healthHistorySource } from './health-history.js';
import type { HealthIndexColumns } from './health-indexes.js';
import { healthColumnsAt, healthFactsChangeAfter, refreshHealthColumns } from './health-indexes.queries.js';
import type { HealthIndexes } from './health-indexes.type.js';

export type HealthStatistics = RegionStatistics<HealthIndexes, HealthIndexColumns>;

/** One per subgraph; past instants within the last `historyDays` days come from the fact history in memory (0: none). */
export function createHealthStatistics(db: Db, rules: HealthRules, historyDays: number): HealthStatistics {
  return new RegionStatistics(db, {
    schema: 'health',
    columnsAt: (executor, regionCodes, at) => healthColumnsAt(executor, regionCodes, at, rules),
    nextChangeAfter: healthFactsChangeAfter,
    incremental: { nextDue: (columns) => columns.nextDueAt(), refresh: refreshHealthColumns },
    history: { source: healthHistorySource(rules, historyDays), days: historyDays },
  });
}
