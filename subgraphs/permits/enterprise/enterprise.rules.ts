/** The enterprise rules as pure functions (unit-tested directly): the resumption status changes. */

export type ResumptionStatusValue = 'NOT_RESUMED' | 'APPROVED_TO_RESUME' | 'SUSPENDED';

/**
 * Resumption changes: NOT_RESUMED → APPROVED_TO_RESUME (first approval); APPROVED_TO_RESUME → SUSPENDED
 * (stopped, e.g. a case among the staff); SUSPENDED → APPROVED_TO_RESUME (resumed again). Going back to
 * NOT_RESUMED, or setting the status it already has, is refused: history keeps only real changes.
 */
const RESUMPTION_TRANSITIONS: Readonly<Record<ResumptionStatusValue, readonly ResumptionStatusValue[]>> = {
  NOT_RESUMED: ['APPROVED_TO_RESUME'],
  APPROVED_TO_RESUME: ['SUSPENDED'],
  SUSPENDED: ['APPROVED_TO_RESUME'],
};

export function resumptionChange(current: ResumptionStatusValue, next: ResumptionStatusValue): { ok: true } | { ok: false; message: string } {
  if (RESUMPTION_TRANSITIONS[current].includes(next)) return { ok: true };
  const allowed = RESUMPTION_TRANSITIONS[current].join(' or ');
  return { ok: false, message: `the enterprise is ${current}; it can only become ${allowed}` };
}
