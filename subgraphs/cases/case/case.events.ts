/**
 * What cases tells health (CasesEvent in shared/events/contracts.ts): built
 * here, published with publishTo as the last statement of the transaction
 * that made the change.
 */
import type { CasesEvent } from '../../shared/events/contracts.js';

/** Discharge starts this many days of home health observation (domain.md). */
export const DISCHARGE_OBSERVATION_DAYS = 7;

const iso = (at: Date) => at.toISOString();

export const caseActivated = (caseId: number, residentId: number, at: Date): CasesEvent => ({
  topic: 'case.activated',
  payload: { caseId: String(caseId), residentId: String(residentId), at: iso(at) },
});

export const caseClosed = (caseId: number, residentId: number, at: Date, status: 'DISCHARGED' | 'DECEASED'): CasesEvent => ({
  topic: 'case.closed',
  payload: { caseId: String(caseId), residentId: String(residentId), at: iso(at), status },
});

export const caseDischarged = (caseId: number, residentId: number, at: Date): CasesEvent => ({
  topic: 'case.discharged',
  payload: { caseId: String(caseId), residentId: String(residentId), at: iso(at), observationDays: DISCHARGE_OBSERVATION_DAYS },
});

export const contactQuarantined = (contactId: number, residentId: number, from: Date, until: Date): CasesEvent => ({
  topic: 'contact.quarantined',
  payload: { contactId: String(contactId), residentId: String(residentId), from: iso(from), until: iso(until) },
});

export const contactReleased = (contactId: number, residentId: number, at: Date): CasesEvent => ({
  topic: 'contact.released',
  payload: { contactId: String(contactId), residentId: String(residentId), at: iso(at) },
});
