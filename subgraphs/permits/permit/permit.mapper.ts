import type { WorkPermitRow } from '../db.js';
import { PermitStatus, WorkPermit } from './permit.type.js';

export function toWorkPermit(row: WorkPermitRow): WorkPermit {
  return Object.assign(new WorkPermit(), {
    id: String(row.id),
    status: row.status as PermitStatus,
    validFrom: row.validFrom,
    validTo: row.validTo,
    enterpriseId: row.enterpriseId,
  });
}
