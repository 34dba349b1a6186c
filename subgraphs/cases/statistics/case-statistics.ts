import type { Db } from '../../shared/db/database.js';
import { RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import type { CaseIndexColumns } from './case-indexes.js';
import { caseColumnsAt, casesChangeAfter } from './case-indexes.queries.js';
import type { CaseIndexes } from './case-indexes.type.js';

export type CaseStatistics = RegionStatistics<CaseIndexes, CaseIndexColumns>;

/** One per subgraph. */
export function createCaseStatistics(db: Db): CaseStatistics {
  return new RegionStatistics(db, { schema: 'cases', columnsAt: caseColumnsAt, nextChangeAfter: (tx, at) => casesChangeAfter(tx, at) });
}
