import { regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import { Region } from '../region/region.type.js';
import { HealthIndexes } from './health-indexes.type.js';

export const HealthStatisticsResolver = regionStatisticsResolver(Region, HealthIndexes, 'health', 'The 21 health indexes of this region at an instant (domain.md).');
