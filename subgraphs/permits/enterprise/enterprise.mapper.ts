import type { EnterpriseRow } from '../db.js';
import { Enterprise } from './enterprise.type.js';

export function toEnterprise(row: EnterpriseRow): Enterprise {
  return Object.assign(new Enterprise(), {
    id: String(row.id),
    creditCode: row.creditCode,
    name: row.name,
    industry: row.industry,
    communityCode: row.communityCode,
  });
}
