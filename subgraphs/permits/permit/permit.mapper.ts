import type { PermitEventRow, WorkPermitRow } from '../db.js';
import { effectiveStatus } from './permit.rules.js';
import { ApprovalEvidence, EvidenceSample, PermitEvent, PermitStatus, WorkPermit, WorkPermitType } from './permit.type.js';

/** The permit as it reads at `now` (an APPROVED permit past its validTo reads EXPIRED). */
export function toWorkPermit(row: WorkPermitRow, now = new Date()): WorkPermit {
  return Object.assign(new WorkPermit(), {
    id: String(row.id),
    permitId: row.id,
    type: row.type as WorkPermitType,
    status: effectiveStatus(row.status, row.validTo, now) as PermitStatus,
    appliedAt: row.appliedAt,
    validFrom: row.validFrom,
    validTo: row.validTo,
    residentId: row.residentId,
    enterpriseId: row.enterpriseId,
  });
}

export function toPermitEvent(row: Pick<PermitEventRow, 'fromStatus' | 'toStatus' | 'at' | 'actor' | 'reason' | 'evidence'>): PermitEvent {
  return Object.assign(new PermitEvent(), {
    fromStatus: (row.fromStatus as PermitStatus | null) ?? null,
    toStatus: row.toStatus as PermitStatus,
    at: row.at,
    actor: row.actor,
    reason: row.reason,
    evidence: toEvidence(row.evidence),
  });
}

/**
 * A permit's history as it reads now: the recorded changes, and, for a permit that expired by time
 * (permit.rules.ts effectiveStatus; no EXPIRED row is recorded), its expiry dated validTo, by "system".
 */
export function toPermitHistory(permit: WorkPermit, events: readonly PermitEventRow[]): PermitEvent[] {
  const history = events.map(toPermitEvent);
  if (permit.status === PermitStatus.EXPIRED && history.at(-1)?.toStatus !== PermitStatus.EXPIRED && permit.validTo) {
    history.push(toPermitEvent({ fromStatus: 'APPROVED', toStatus: 'EXPIRED', at: permit.validTo, actor: 'system', reason: 'validTo reached', evidence: null }));
  }
  return history;
}

/** permit_events.evidence (jsonb, written by approveWorkPermit from permit.rules.ts ApprovalEvidence) as the API type. */
function toEvidence(value: unknown): ApprovalEvidence | null {
  if (value === null || value === undefined) return null;
  const stored = (typeof value === 'string' ? JSON.parse(value) : value) as {
    checkedAt: string;
    codeColor: string | null;
    codeReasons?: string[];
    sample: { sampledAt: string; result: string; resultAt: string } | null;
  };
  const sample = stored.sample
    ? Object.assign(new EvidenceSample(), { sampledAt: new Date(stored.sample.sampledAt), result: stored.sample.result, resultAt: new Date(stored.sample.resultAt) })
    : null;
  return Object.assign(new ApprovalEvidence(), { checkedAt: new Date(stored.checkedAt), codeColor: stored.codeColor, codeReasons: stored.codeReasons ?? [], sample });
}
