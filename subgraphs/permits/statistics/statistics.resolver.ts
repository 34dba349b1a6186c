import { regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import { Region } from '../region/region.type.js';
import { PermitIndexes } from './permit-indexes.type.js';

export const PermitStatisticsResolver = regionStatisticsResolver(
  Region,
  PermitIndexes,
  'permits',
  'The 4 permit indexes of this region at an instant (domain.md), counted in the enterprise\'s region.',
);
