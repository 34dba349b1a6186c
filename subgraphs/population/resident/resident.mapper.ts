import type { ResidencyRow, ResidentRow } from '../db.js';
import { Gender, Resident, ResidencyType } from './resident.type.js';

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
    movedOutAt: residency.endedAt && residency.endReason === 'MOVED_OUT' ? residency.endedAt : null,
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
