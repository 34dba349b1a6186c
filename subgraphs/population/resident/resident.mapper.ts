import type { ResidencyRow, ResidentRow } from '../db.js';
import { Gender, Resident, ResidencyEndReason, ResidencyType } from './resident.type.js';

export interface ResidentRecord {
  resident: ResidentRow;
  /** The open residency, or the last one for a moved-out resident. */
  residency: ResidencyRow;
  /** Start of the first residency. */
  registeredAt: Date;
}

export function toResident({ resident, residency, registeredAt }: ResidentRecord): Resident {
  return Object.assign(new Resident(), {
    id: String(resident.id),
    name: resident.name,
    gender: resident.gender as Gender,
    birthDate: resident.birthDate,
    idNumber: resident.idNumber,
    phone: resident.phone,
    registeredAt,
    ...endOf(residency),
    statedMovedInAt: residency.statedStartedAt,
    residency: {
      communityCode: residency.communityCode,
      householdId: residency.householdId,
      address: residency.address,
      residencyType: residency.residencyType as ResidencyType,
      startedAt: residency.startedAt,
      endedAt: residency.endedAt,
      endReason: residency.endReason,
    },
  });
}

/** A residency that ended by leaving the district (not by a change within it) ends the resident's living here. */
function endOf(residency: ResidencyRow): Pick<Resident, 'movedOutAt' | 'residencyEndReason' | 'statedMovedOutAt'> {
  const reason = residency.endReason === 'MOVED_OUT' || residency.endReason === 'DECEASED' ? (residency.endReason as ResidencyEndReason) : null;
  return { movedOutAt: reason ? residency.endedAt : null, residencyEndReason: reason, statedMovedOutAt: reason ? residency.statedEndedAt : null };
}
