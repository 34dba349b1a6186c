import { regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import { Region } from '../region/region.type.js';
import { PopulationIndexes } from './population-indexes.type.js';

export const PopulationStatisticsResolver = regionStatisticsResolver(
  Region,
  PopulationIndexes,
  'population',
  'The 9 population indexes of this region at an instant (domain.md).',
);
