import type { ScanRow, VenueRow } from '../db.js';
import { Region } from '../region/region.type.js';
import { Resident } from '../resident/resident.type.js';
import { CodeColor } from '../../shared/health-vocabulary.js';
import { Venue, VenueScan } from './venue.type.js';

export function toVenue(row: VenueRow): Venue {
  return Object.assign(new Venue(), {
    venueId: row.id,
    id: String(row.id),
    code: row.code,
    name: row.name,
    type: row.type,
    communityCode: row.communityCode,
    community: Object.assign(new Region(), { code: row.communityCode }),
  });
}

/** A scan read together with its venue (the scan queries join them). */
export interface ScanWithVenue {
  scan: ScanRow;
  venue: VenueRow;
}

export function toVenueScan({ scan: row, venue }: ScanWithVenue): VenueScan {
  return Object.assign(new VenueScan(), {
    id: String(row.id),
    scannedAt: row.scannedAt,
    colorShown: row.colorShown as CodeColor,
    // The same rule as abnormalScan() in venue.queries.ts.
    abnormal: row.colorShown !== CodeColor.GREEN,
    resident: Object.assign(new Resident(), { id: String(row.residentId) }),
    venue: toVenue(venue),
  });
}
