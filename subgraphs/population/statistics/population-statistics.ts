import type { Db } from '../../shared/db/database.js';
import { RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import { populationHistorySource } from './population-history.queries.js';
import type { PopulationIndexColumns } from './population-indexes.js';
import { populationChangeAfter, populationColumnsAt, refreshPopulationColumns } from './population-indexes.queries.js';
import type { PopulationIndexes } from './population-indexes.type.js';

export type PopulationStatistics = RegionStatistics<PopulationIndexes, PopulationIndexColumns>;

/** One per subgraph; past instants within the last `historyDays` days (0: none) are answered from history in memory. */
export function createPopulationStatistics(db: Db, historyDays: number): PopulationStatistics {
  return new RegionStatistics(db, {
    schema: 'population',
    columnsAt: populationColumnsAt,
    nextChangeAfter: (tx, at) => populationChangeAfter(tx, at),
    incremental: { nextDue: () => Infinity, refresh: refreshPopulationColumns },
    history: { source: populationHistorySource, days: historyDays },
  });
}
