import type { Db } from '../../shared/db/database.js';
import { RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import { caseHistorySource } from './case-history.queries.js';
import type { CaseIndexColumns } from './case-indexes.js';
import { caseColumnsAt, casesChangeAfter } from './case-indexes.queries.js';
import type { CaseIndexes } from './case-indexes.type.js';

export type CaseStatistics = RegionStatistics<CaseIndexes, CaseIndexColumns>;

/** One per subgraph. @param historyDays past instants within this many days are answered from the history in memory (0: from the database) */
export function createCaseStatistics(db: Db, historyDays: number): CaseStatistics {
  return new RegionStatistics(db, {
    schema: 'cases',
    columnsAt: caseColumnsAt,
    nextChangeAfter: (tx, at) => casesChangeAfter(tx, at),
    history: { source: caseHistorySource, days: historyDays },
  });
}
