import { Directive, ObjectType } from 'type-graphql';
import { REGION_DAY_KEY, RegionDayKey } from '../../shared/snapshot/region-day.type.js';

/** Population owns RegionDay: Region.daily lists the days; each subgraph adds its indexes of the day. */
@Directive(REGION_DAY_KEY)
@ObjectType({ description: "A region's indexes at the end of one calendar day (Asia/Shanghai); for today, now." })
export class RegionDay extends RegionDayKey {}

export const regionDay = (regionCode: string, date: string): RegionDay => Object.assign(new RegionDay(), { regionCode, date });
