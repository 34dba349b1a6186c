/**
 * The write side every case change goes through: row locks in one order
 * (resident → close contact → case → facility, so concurrent commands cannot
 * deadlock), one appended timeline event per change together with the cache
 * on positive_cases, and opening a case (shared by reportCase, the lab-result
 * consumer and close-contact conversion).
 */
import { and, eq, inArray, lte, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import type { CasesEvent } from '../../shared/events/contracts.js';
import { caseEvents, closeContacts, positiveCases, residentCommunities, type CaseEventRow, type PositiveCaseRow } from '../db.js';
import { caseActivated, contactReleased } from './case.events.js';
import { ACTIVE_STATUSES } from './case.transitions.js';

export type ResidentCommunityRow = typeof residentCommunities.$inferSelect;

/** Locks the resident's row of the cases projection (the per-resident lock: one active case at a time); null when unknown. */
export async function lockResident(tx: Executor, residentId: number): Promise<ResidentCommunityRow | null> {
  const [row] = await tx.select().from(residentCommunities).where(eq(residentCommunities.residentId, residentId)).for('update');
  return row ?? null;
}

export async function lockCase(tx: Executor, caseId: number): Promise<PositiveCaseRow | null> {
  const [row] = await tx.select().from(positiveCases).where(eq(positiveCases.id, caseId)).for('update');
  return row ?? null;
}

export async function activeCaseOf(tx: Executor, residentId: number): Promise<PositiveCaseRow | null> {
  const [row] = await tx
    .select()
    .from(positiveCases)
    .where(and(eq(positiveCases.residentId, residentId), inArray(positiveCases.status, [...ACTIVE_STATUSES])))
    .limit(1);
  return row ?? null;
}

export interface Change {
  at: Date;
  type: string;
  actor: string;
  note?: string | null;
  status?: PositiveCaseRow['status'];
  facilityId?: number | null;
  classification?: PositiveCaseRow['classification'];
  dischargedAt?: Date;
  data?: Record<string, unknown>;
}

/**
 * Appends one event to a locked case's timeline and brings the cache on
 * positive_cases to the state after it. What the change leaves out stays.
 */
export async function appendEvent(tx: Executor, locked: PositiveCaseRow, change: Change): Promise<{ row: PositiveCaseRow; event: CaseEventRow }> {
  const status = change.status ?? locked.status;
  const facilityId = change.facilityId === undefined ? locked.facilityId : change.facilityId;
  const classification = change.classification ?? locked.classification;
  const [event] = await tx
    .insert(caseEvents)
    .values({ caseId: locked.id, at: change.at, type: change.type, actor: change.actor, note: change.note ?? null, status, facilityId, classification, data: change.data ?? null })
    .returning();
  let row = locked;
  if (status !== locked.status || facilityId !== locked.facilityId || classification !== locked.classification || change.dischargedAt) {
    [row] = (await tx
      .update(positiveCases)
      .set({ status, facilityId, classification, ...(change.dischargedAt ? { dischargedAt: change.dischargedAt } : {}) })
      .where(eq(positiveCases.id, locked.id))
      .returning()) as [PositiveCaseRow];
  }
  return { row, event: event! };
}

export interface NewCase {
  residentId: number;
  communityCode: string;
  reportedAt: Date;
  classification: PositiveCaseRow['classification'];
  sourceBarcode: string | null;
  note: string | null;
  actor: string;
  /** Instant of the record (timeline events on other cases are appended then): now. */
  now: Date;
  data?: Record<string, unknown>;
}

/**
 * Opens a case for a resident whose row is locked and who has no active case:
 * the case, its REPORTED event, case.activated; and the resident's close-contact
 * quarantines still running at the report end there, CONVERTED_TO_CASE (each
 * with contact.released and a CONTACT_CONVERTED event on the contact's case).
 * The events to publish are pushed onto `out`.
 */
export async function openCase(tx: Executor, spec: NewCase, out: CasesEvent[]): Promise<PositiveCaseRow> {
  const [row] = await tx
    .insert(positiveCases)
    .values({
      residentId: spec.residentId,
      communityCode: spec.communityCode,
      sourceBarcode: spec.sourceBarcode,
      reportedAt: spec.reportedAt,
      classification: spec.classification,
      status: 'REPORTED',
    })
    .returning();
  await tx.insert(caseEvents).values({
    caseId: row!.id,
    at: spec.reportedAt,
    type: 'REPORTED',
    actor: spec.actor,
    note: spec.note,
    status: 'REPORTED',
    classification: spec.classification,
    facilityId: null,
    data: spec.sourceBarcode ? { sourceBarcode: spec.sourceBarcode, ...spec.data } : (spec.data ?? null),
  });
  out.push(caseActivated(row!.id, spec.residentId, spec.reportedAt));

  const converted = await tx
    .update(closeContacts)
    .set({ status: 'CONVERTED_TO_CASE', endedAt: spec.reportedAt, convertedCaseId: row!.id })
    .where(
      and(
        eq(closeContacts.residentId, spec.residentId),
        eq(closeContacts.status, 'QUARANTINED'),
        lte(closeContacts.quarantineStartsAt, spec.reportedAt),
        gt(closeContacts.quarantineEndsAt, spec.reportedAt),
      ),
    )
    .returning();
  for (const contact of converted.sort((a, b) => a.caseId - b.caseId)) {
    const source = await lockCase(tx, contact.caseId);
    await appendEvent(tx, source!, {
      at: spec.now,
      type: 'CONTACT_CONVERTED',
      actor: spec.actor,
      note: `Close contact ${contact.id} (resident ${contact.residentId}) became case ${row!.id}.`,
      data: { contactId: contact.id, residentId: contact.residentId, convertedCaseId: row!.id },
    });
    out.push(contactReleased(contact.id, contact.residentId, spec.reportedAt));
  }
  return row!;
}

/** The case this sample's barcode opened, if any. */
export async function caseOfBarcode(tx: Executor, barcode: string): Promise<PositiveCaseRow | null> {
  const [row] = await tx.select().from(positiveCases).where(eq(positiveCases.sourceBarcode, barcode)).limit(1);
  return row ?? null;
}

/**
 * True when a timeline event of one of the resident's cases already records this sample (the REPORTED event of
 * the case it opened, or the NOTE of another positive sample of an active case), whatever happened to the case since.
 */
export async function barcodeRecorded(tx: Executor, residentId: number, barcode: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .innerJoin(positiveCases, eq(positiveCases.id, caseEvents.caseId))
    .where(and(eq(positiveCases.residentId, residentId), sql`${caseEvents.data} ->> 'sourceBarcode' = ${barcode}`))
    .limit(1);
  return row !== undefined;
}
