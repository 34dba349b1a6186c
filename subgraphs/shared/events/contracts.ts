/**
 * The event contracts between subgraphs: every topic, who publishes it and
 * its payload. Producers and consumers both import these types (they import
 * no code of each other). Instants are ISO 8601 strings, IDs decimal strings.
 * A payload only ever gains optional fields; anything else is a new topic.
 */

// ── Published by population (population.outbox) ──

export interface ResidencyFacts {
  residentId: string;
  idNumber: string;
  birthDate: string;
  communityCode: string;
  householdId: string;
  address: string;
  residencyType: string;
  /** From when these facts hold; a residency-changed event also ends the previous period then. */
  from: string;
}

export interface TaggingFacts {
  residentId: string;
  tagCode: string;
  /** When the tag was put on or taken off. */
  at: string;
}

export type PopulationEvent =
  | { topic: 'resident.registered'; payload: ResidencyFacts }
  | { topic: 'resident.residency-changed'; payload: ResidencyFacts }
  /** Residency ended at `movedOutAt`: a move out of the district, or a death (reason DECEASED; absent in older events: MOVED_OUT). */
  | { topic: 'resident.moved-out'; payload: { residentId: string; movedOutAt: string; reason?: 'MOVED_OUT' | 'DECEASED' } }
  | { topic: 'resident.tag-added'; payload: TaggingFacts }
  | { topic: 'resident.tag-removed'; payload: TaggingFacts };

// ── Published by health (health.outbox) ──

export type HealthEvent = {
  /** An individual (SINGLE tube) POSITIVE result of a known resident was recorded: cases opens a case, once. */
  topic: 'sample.individual-positive';
  payload: { barcode: string; residentId: string; sampledAt: string; resultAt: string };
};

// ── Published by cases (cases.outbox), consumed by health for health codes and home observation ──

export type CasesEvent =
  /** A case became active (reported): RED with ACTIVE_CASE from `at`. */
  | { topic: 'case.activated'; payload: { caseId: string; residentId: string; at: string } }
  /** A case ended: discharged or deceased. Discharge also starts home observation (see below). */
  | { topic: 'case.closed'; payload: { caseId: string; residentId: string; at: string; status: 'DISCHARGED' | 'DECEASED' } }
  /** Discharged: 7 days of home health observation start at `at` (YELLOW with HOME_OBSERVATION). */
  | { topic: 'case.discharged'; payload: { caseId: string; residentId: string; at: string; observationDays: number } }
  /** A close contact is quarantined from `from` until `until`: RED with CLOSE_CONTACT meanwhile. */
  | { topic: 'contact.quarantined'; payload: { contactId: string; residentId: string; from: string; until: string } }
  /** A close contact was released (or converted to a case) at `at`, ending the quarantine early. */
  | { topic: 'contact.released'; payload: { contactId: string; residentId: string; at: string } };
