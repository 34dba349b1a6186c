import type { Db } from '../../shared/db/database.js';
import { RegionStatistics } from '../../shared/snapshot/region-statistics.js';
import type { PopulationIndexColumns } from './population-indexes.js';
import { populationChangeAfter, populationColumnsAt, refreshPopulationColumns } from './population-indexes.queries.js';
import type { PopulationIndexes } from './population-indexes.type.js';

export type PopulationStatistics = RegionStatistics<PopulationIndexes, PopulationIndexColumns>;

/** One per subgraph. */
export function createPopulationStatistics(db: Db): PopulationStatistics {
  return new RegionStatistics(db, {
    schema: 'population',
    columnsAt: populationColumnsAt,
    nextChangeAfter: (tx, at) => populationChangeAfter(tx, at),
    incremental: { nextDue: () => Infinity, refresh: refreshPopulationColumns },
  });
}
