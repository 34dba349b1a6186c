import { regionDayStatisticsResolver } from '../../shared/snapshot/daily-resolver.js';
import { PopulationIndexes } from '../statistics/population-indexes.type.js';
import { RegionDay } from './region-day.type.js';

export const PopulationDayResolver = regionDayStatisticsResolver(RegionDay, PopulationIndexes, 'population', 'The 9 population indexes of the region on this day.');
