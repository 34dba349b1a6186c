import { regionDayStatisticsResolver } from '../../shared/snapshot/daily-resolver.js';
import { PermitIndexes } from '../statistics/permit-indexes.type.js';
import { RegionDay } from './region-day.type.js';

export const PermitsDayResolver = regionDayStatisticsResolver(RegionDay, PermitIndexes, 'permits', 'The 4 permit indexes of the region on this day, counted in the enterprise\'s region.');
