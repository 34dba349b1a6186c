import type { Db } from '../../shared/db/database.js';
import { RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import { permitHistorySource } from './permit-history.queries.js';
import type { PermitIndexColumns } from './permit-indexes.js';
import { permitColumnsAt, permitsChangeAfter } from './permit-indexes.queries.js';
import type { PermitIndexes } from './permit-indexes.type.js';

export type PermitStatistics = RegionStatistics<PermitIndexes, PermitIndexColumns>;

/** One per subgraph. @param historyDays past instants within this many days are answered from the history in memory (0: from the database) */
export function createPermitStatistics(db: Db, historyDays: number): PermitStatistics {
  return new RegionStatistics(db, {
    schema: 'permits',
    columnsAt: permitColumnsAt,
    nextChangeAfter: (tx, at) => permitsChangeAfter(tx, at),
    history: { source: permitHistorySource, days: historyDays },
  });
}
