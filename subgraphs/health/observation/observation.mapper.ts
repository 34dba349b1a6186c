import type { HomeObservationRow } from '../db.js';
import { isHomeObservationActiveAt } from './observation.rules.js';
import { HomeObservation } from './observation.type.js';

export function toHomeObservation(row: HomeObservationRow, now = new Date()): HomeObservation {
  return Object.assign(new HomeObservation(), {
    id: String(row.id),
    reason: row.reason,
    startedAt: row.startedAt,
    plannedEndAt: row.plannedEndAt,
    endedAt: row.endedAt,
    statedFrom: row.statedFrom ?? row.startedAt,
    statedUntil: row.statedUntil ?? row.endedAt,
    active: isHomeObservationActiveAt(row, now),
  });
}
