import type { PositiveCaseRow } from '../db.js';
import { CaseClassification, CaseStatus, PositiveCase } from './case.type.js';

export function toPositiveCase(row: PositiveCaseRow): PositiveCase {
  return Object.assign(new PositiveCase(), {
    id: String(row.id),
    status: row.status as CaseStatus,
    classification: row.classification as CaseClassification,
    reportedAt: row.reportedAt,
    resident: { id: String(row.residentId) },
  });
}
