import type { OutreachRow } from '../db.js';
import { Outreach, OutreachOutcome } from './outreach.type.js';

export function toOutreach(row: OutreachRow): Outreach {
  return Object.assign(new Outreach(), {
    lastContactedAt: row.contactedAt,
    outcome: row.outcome as OutreachOutcome,
    note: row.note,
    contactedBy: row.contactedBy,
  });
}
