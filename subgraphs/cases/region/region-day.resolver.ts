import { regionDayStatisticsResolver } from '../../shared/snapshot/daily-resolver.js';
import { CaseIndexes } from '../statistics/case-indexes.type.js';
import { RegionDay } from './region-day.type.js';

export const CasesDayResolver = regionDayStatisticsResolver(RegionDay, CaseIndexes, 'cases', 'The 5 case indexes of the region on this day.');
