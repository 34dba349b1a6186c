import type { ExemptionRow } from './exemption.queries.js';
import { Exemption, ExemptionSource } from './exemption.type.js';

/** `active` is read at `now`; "exempt at T" itself is decided in SQL by exemptAt. */
export function toExemption(row: ExemptionRow, now = new Date()): Exemption {
  const t = now.getTime();
  return Object.assign(new Exemption(), {
    id: String(row.id),
    source: row.source as ExemptionSource,
    reason: row.reason,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    statedFrom: row.statedFrom ?? row.startsAt,
    statedUntil: row.statedUntil ?? row.endsAt,
    recordedBy: row.recordedBy,
    active: row.startsAt.getTime() <= t && (row.endsAt === null || row.endsAt.getTime() > t),
  });
}
