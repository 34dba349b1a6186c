/**
 * The permit rules of domain.md as pure functions (unit-tested directly):
 * the status transitions, expiry by time, and the health gate of approval.
 * The health facts themselves come from the health subgraph (peers.ts); only
 * the permit's own rule ("a GREEN code and a negative sample within 48 h at
 * approval time") lives here.
 */

export type PermitStatusValue = 'PENDING' | 'APPROVED' | 'REJECTED' | 'REVOKED' | 'EXPIRED';
export type PermitAction = 'approve' | 'reject' | 'revoke' | 'expire';

/** PENDING → APPROVED | REJECTED; APPROVED → REVOKED | EXPIRED. Nothing else. */
export const PERMIT_TRANSITIONS: Readonly<Record<PermitAction, { from: PermitStatusValue; to: PermitStatusValue }>> = {
  approve: { from: 'PENDING', to: 'APPROVED' },
  reject: { from: 'PENDING', to: 'REJECTED' },
  revoke: { from: 'APPROVED', to: 'REVOKED' },
  expire: { from: 'APPROVED', to: 'EXPIRED' },
};

/** The status `action` leads to from `current`, or why it cannot (a message naming the current status). */
export function nextPermitStatus(
  current: PermitStatusValue,
  action: PermitAction,
): { ok: true; status: PermitStatusValue } | { ok: false; message: string } {
  const { from, to } = PERMIT_TRANSITIONS[action];
  if (current === from) return { ok: true, status: to };
  return { ok: false, message: `the permit is ${current}; only a ${from} permit can be ${PAST[action]}` };
}

const PAST: Record<PermitAction, string> = { approve: 'approved', reject: 'rejected', revoke: 'revoked', expire: 'expired' };

/**
 * The status as it reads at `at`: an APPROVED permit whose valid-to has passed is EXPIRED, whether or
 * not the EXPIRED change has been recorded yet (it is recorded, dated valid-to, by the next command on it).
 */
export function effectiveStatus(status: PermitStatusValue, validTo: Date | null, at: Date): PermitStatusValue {
  return status === 'APPROVED' && validTo !== null && validTo.getTime() <= at.getTime() ? 'EXPIRED' : status;
}

/** validDays on approval: default and bounds. */
export const DEFAULT_VALID_DAYS = 30;
export const MAX_VALID_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

/** validFrom = the approval instant, validTo = validFrom + days (exclusive). */
export function validityOnApproval(at: Date, days: number): { validFrom: Date; validTo: Date } {
  return { validFrom: at, validTo: new Date(at.getTime() + days * DAY_MS) };
}

// ── The enterprise gate ──

/** Approval requires the enterprise APPROVED_TO_RESUME at approval time (domain.md). */
export function enterpriseAllowsApproval(resumption: string): { ok: true } | { ok: false; message: string } {
  if (resumption === 'APPROVED_TO_RESUME') return { ok: true };
  return { ok: false, message: `its enterprise is ${resumption}; only an enterprise APPROVED_TO_RESUME may have permits approved` };
}

// ── The health gate ──

export const NEGATIVE_SAMPLE_WINDOW_HOURS = 48;

/** What health says about a holder (health's own `healthCode` and `nucleicAcidTests`). */
export interface HolderHealth {
  code: { color: 'GREEN' | 'YELLOW' | 'RED'; reasons: string[] } | null;
  /** Latest samples, any order. */
  samples: { sampledAt: Date; result: 'PENDING' | 'NEGATIVE' | 'POSITIVE' | 'INVALID'; resultAt: Date | null }[];
}

/** Kept with the approval (permit_events.evidence) or quoted in the refusal. */
export interface ApprovalEvidence {
  checkedAt: string;
  codeColor: string | null;
  codeReasons: string[];
  /** The sample that decided: the latest in the window with a result known at the check. */
  sample: { sampledAt: string; result: string; resultAt: string } | null;
}

/**
 * Approval requires, at instant `at`: the holder's code GREEN, and a NEGATIVE sample "within 48 h":
 * sampled in [at − 48 h, at] (the issue allows approval exactly at the 48 h edge, so a sample exactly 48 h old counts),
 * its result known at `at` (result-at ≤ at). Among the samples in the window with a final result
 * (NEGATIVE or POSITIVE; INVALID and PENDING tell nothing), the latest decides: a later POSITIVE
 * refuses even after an earlier NEGATIVE.
 */
export function approvalGate(health: HolderHealth, at: Date): { ok: true; evidence: ApprovalEvidence } | { ok: false; message: string; evidence: ApprovalEvidence } {
  const windowStart = at.getTime() - NEGATIVE_SAMPLE_WINDOW_HOURS * 3600 * 1000;
  const decisive = health.samples
    .filter((s) => s.sampledAt.getTime() >= windowStart && s.sampledAt.getTime() <= at.getTime())
    .filter((s) => (s.result === 'NEGATIVE' || s.result === 'POSITIVE') && s.resultAt !== null && s.resultAt.getTime() <= at.getTime())
    .sort((a, b) => b.sampledAt.getTime() - a.sampledAt.getTime())[0];
  const evidence: ApprovalEvidence = {
    checkedAt: at.toISOString(),
    codeColor: health.code?.color ?? null,
    codeReasons: health.code?.reasons ?? [],
    sample: decisive ? { sampledAt: decisive.sampledAt.toISOString(), result: decisive.result, resultAt: decisive.resultAt!.toISOString() } : null,
  };
  if (!health.code) return { ok: false, message: 'the health subgraph has no health code for the holder yet', evidence };
  if (health.code.color !== 'GREEN') {
    const reasons = health.code.reasons.length > 0 ? ` (${health.code.reasons.join(', ')})` : '';
    return { ok: false, message: `the holder's health code is ${health.code.color}${reasons}`, evidence };
  }
  if (!decisive) {
    return { ok: false, message: `the holder has no negative nucleic-acid result for a sample taken within the ${NEGATIVE_SAMPLE_WINDOW_HOURS} h before approval`, evidence };
  }
  if (decisive.result !== 'NEGATIVE') {
    return { ok: false, message: `the holder's latest sample within ${NEGATIVE_SAMPLE_WINDOW_HOURS} h (taken ${decisive.sampledAt.toISOString()}) is POSITIVE`, evidence };
  }
  return { ok: true, evidence };
}

/** True when the permit reads as valid at `at`: APPROVED, valid-from ≤ at < valid-to, and the holder's code GREEN (asked separately). */
export function withinValidity(status: PermitStatusValue, validFrom: Date | null, validTo: Date | null, at: Date): boolean {
  return (
    status === 'APPROVED' && validFrom !== null && validTo !== null && validFrom.getTime() <= at.getTime() && at.getTime() < validTo.getTime()
  );
}
