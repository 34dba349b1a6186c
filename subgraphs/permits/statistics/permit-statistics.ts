import type { Db } from '../../shared/db/database.js';
import { RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import type { PermitIndexColumns } from './permit-indexes.js';
import { permitColumnsAt, permitsChangeAfter } from './permit-indexes.queries.js';
import type { PermitIndexes } from './permit-indexes.type.js';

export type PermitStatistics = RegionStatistics<PermitIndexes, PermitIndexColumns>;

/** One per subgraph. */
export function createPermitStatistics(db: Db): PermitStatistics {
  return new RegionStatistics(db, { schema: 'permits', columnsAt: permitColumnsAt, nextChangeAfter: (tx, at) => permitsChangeAfter(tx, at) });
}
