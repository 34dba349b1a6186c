import { regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import { Region } from '../region/region.type.js';
import { CaseIndexes } from './case-indexes.type.js';

export const CaseStatisticsResolver = regionStatisticsResolver(
  Region,
  CaseIndexes,
  'cases',
  'The 5 case indexes of this region at an instant (domain.md), counted in the community at report.',
);
