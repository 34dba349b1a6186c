import type { CaseEventRow, PositiveCaseRow } from '../db.js';
import { regionRef } from '../region/region.type.js';
import { residentRef } from '../resident/resident.type.js';
import { CaseClassification, CaseStatus, CaseTimelineEvent, PositiveCase } from './case.type.js';

export function toPositiveCase(row: PositiveCaseRow): PositiveCase {
  return Object.assign(new PositiveCase(), {
    id: String(row.id),
    status: row.status as CaseStatus,
    classification: row.classification as CaseClassification,
    reportedAt: row.reportedAt,
    statedReportedAt: row.statedReportedAt,
    dischargedAt: row.dischargedAt,
    sourceBarcode: row.sourceBarcode,
    resident: residentRef(row.residentId),
    communityCode: row.communityCode,
    community: regionRef(row.communityCode),
    facilityId: row.facilityId,
  });
}

export function toTimelineEvent(row: CaseEventRow): CaseTimelineEvent {
  return Object.assign(new CaseTimelineEvent(), {
    at: row.at,
    type: row.type,
    actor: row.actor,
    note: row.note,
    status: row.status as CaseStatus,
    classification: row.classification as CaseClassification,
    facilityId: row.facilityId,
  });
}
