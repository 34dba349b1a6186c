import type { CloseContactRow } from '../db.js';
import { residentRef } from '../resident/resident.type.js';
import { CloseContact, CloseContactStatus } from './contact.type.js';

/** A contact is in quarantine at `at` when started, before its planned end, and not ended (released or converted) by then. */
export function inQuarantineAt(row: CloseContactRow, at: Date): boolean {
  const t = at.getTime();
  return row.quarantineStartsAt.getTime() <= t && t < row.quarantineEndsAt.getTime() && (row.endedAt === null || row.endedAt.getTime() > t);
}

export function toCloseContact(row: CloseContactRow, now = new Date()): CloseContact {
  return Object.assign(new CloseContact(), {
    id: String(row.id),
    resident: residentRef(row.residentId),
    caseId: String(row.caseId),
    exposureDate: row.exposureDate,
    quarantineStartsAt: row.quarantineStartsAt,
    statedQuarantineStartsAt: row.statedQuarantineStartsAt,
    quarantineEndsAt: row.quarantineEndsAt,
    status: row.status as CloseContactStatus,
    endedAt: row.endedAt,
    convertedCaseId: row.convertedCaseId === null ? null : String(row.convertedCaseId),
    inQuarantine: inQuarantineAt(row, now),
  });
}
