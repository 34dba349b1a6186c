/**
 * What cases tells health (CasesEvent in shared/events/contracts.ts): built
 * here, published with `publish` as the last statement of the transaction
 * that made the change. Listed, with what cases consumes, in ../events.ts;
 * the commands import this file, not that one, so the list can import the
 * consumers' handlers without an import cycle.
 */
import type { Executor } from '../../shared/db/database.js';
import type { CasesEvent } from '../../shared/events/contracts.js';
import { publishTo } from '../../shared/events/publish.js';
import { outbox } from '../db.js';

/** Writes to cases.outbox; call it last in the change's transaction (see publishTo). */
export async function publish(tx: Executor, events: CasesEvent | readonly CasesEvent[]): Promise<void> {
  await publishTo(tx, outbox, events);
}

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
