import type { EnterpriseRow, EnterpriseStatusChangeRow } from '../db.js';
import { Enterprise, ResumptionChange, ResumptionStatus } from './enterprise.type.js';

export function toEnterprise(row: EnterpriseRow): Enterprise {
  return Object.assign(new Enterprise(), {
    id: String(row.id),
    enterpriseId: row.id,
    creditCode: row.creditCode,
    name: row.name,
    industry: row.industry,
    communityCode: row.communityCode,
    resumptionStatus: row.resumptionStatus as ResumptionStatus,
    registeredAt: row.createdAt,
  });
}

export function toResumptionChange(row: EnterpriseStatusChangeRow): ResumptionChange {
  return Object.assign(new ResumptionChange(), {
    status: row.status as ResumptionStatus,
    at: row.at,
    actor: row.actor,
    reason: row.reason,
  });
}
