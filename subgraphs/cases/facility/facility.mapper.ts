import type { FacilityRow } from '../db.js';
import { regionRef } from '../region/region.type.js';
import { Facility, FacilityType } from './facility.type.js';

export function toFacility(row: FacilityRow): Facility {
  return Object.assign(new Facility(), {
    id: String(row.id),
    name: row.name,
    type: row.type as FacilityType,
    capacity: row.capacity,
    communityCode: row.communityCode,
    community: regionRef(row.communityCode),
  });
}
