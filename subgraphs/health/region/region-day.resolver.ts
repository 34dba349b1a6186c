import { regionDayStatisticsResolver } from '../../shared/snapshot/daily-resolver.js';
import { HealthIndexes } from '../statistics/health-indexes.type.js';
import { RegionDay } from './region-day.type.js';

export const HealthDayResolver = regionDayStatisticsResolver(RegionDay, HealthIndexes, 'health', 'The 21 health indexes of the region on this day.');
