import { addressesAt } from '../../shared/residence/addresses-at.js';
import { indexPeopleResolver, regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import type { PopulationContext } from '../context.js';
import { residencies } from '../db.js';
import { Region } from '../region/region.type.js';
import { resolveResidentReference } from '../resident/resident.reference.js';
import { Resident } from '../resident/resident.type.js';
import { PopulationIndex } from './population-index.enum.js';
import type { PopulationIndexColumns } from './population-indexes.js';
import { PopulationIndexes } from './population-indexes.type.js';

export const PopulationStatisticsResolver = regionStatisticsResolver(
  Region,
  PopulationIndexes,
  'population',
  'The 9 population indexes of this region at an instant (domain.md).',
);

/** The residents behind each population index: addresses from population's own residencies. */
export const PopulationPeopleResolver = indexPeopleResolver<PopulationIndex, PopulationIndexColumns, PopulationContext>({
  indexes: PopulationIndexes,
  indexEnum: PopulationIndex,
  resident: Resident,
  typePrefix: 'Population',
  addressesOf: (ctx, residentIds, at) => addressesAt(ctx.db, residencies, residentIds, at),
  resolveNode: (ctx, reference) => resolveResidentReference(reference, ctx),
});
