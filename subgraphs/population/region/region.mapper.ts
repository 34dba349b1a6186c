import type { RegionRow } from '../db.js';
import { Region, RegionLevel } from './region.type.js';

export function toRegion(row: RegionRow): Region {
  return Object.assign(new Region(), {
    code: row.code,
    name: row.name,
    level: row.level as RegionLevel,
    parentCode: row.parentCode,
  });
}
