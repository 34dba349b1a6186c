/**
 * The case status machine, as pure rules (unit-tested directly):
 *
 *   REPORTED ──transfer──▶ TRANSFERRED ──discharge──▶ DISCHARGED
 *      │                     │    ▲ transfer (to another facility)
 *      └──────death──────────┴────┴──────────────────▶ DECEASED
 *
 * Discharge is from TRANSFERRED only: every case is placed somewhere first
 * (home isolation is a facility too). DISCHARGED and DECEASED are final.
 * Reclassification does not change the status and is allowed while active.
 */
export type CaseStatusValue = 'REPORTED' | 'TRANSFERRED' | 'DISCHARGED' | 'DECEASED';
export type CaseAction = 'transfer' | 'discharge' | 'death' | 'reclassify';

export const ACTIVE_STATUSES: readonly CaseStatusValue[] = ['REPORTED', 'TRANSFERRED'];

const ALLOWED: Readonly<Record<CaseAction, readonly CaseStatusValue[]>> = {
  transfer: ['REPORTED', 'TRANSFERRED'],
  discharge: ['TRANSFERRED'],
  death: ['REPORTED', 'TRANSFERRED'],
  reclassify: ['REPORTED', 'TRANSFERRED'],
};

const RESULT: Readonly<Record<CaseAction, (from: CaseStatusValue) => CaseStatusValue>> = {
  transfer: () => 'TRANSFERRED',
  discharge: () => 'DISCHARGED',
  death: () => 'DECEASED',
  reclassify: (from) => from,
};

const WHY: Readonly<Record<CaseAction, string>> = {
  transfer: 'only a REPORTED or TRANSFERRED case can be transferred',
  discharge: 'only a TRANSFERRED case can be discharged (transfer it to a facility, home isolation included, first)',
  death: 'only a REPORTED or TRANSFERRED case can end in death',
  reclassify: 'only an active (REPORTED or TRANSFERRED) case can be reclassified',
};

export function isActive(status: CaseStatusValue): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** The status after `action`, or why the action is refused in status `from`. */
export function transition(from: CaseStatusValue, action: CaseAction): { ok: true; status: CaseStatusValue } | { ok: false; reason: string } {
  if (!ALLOWED[action].includes(from)) return { ok: false, reason: WHY[action] };
  return { ok: true, status: RESULT[action](from) };
}
