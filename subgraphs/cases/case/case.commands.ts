/**
 * Every write to cases and their timelines. Each command runs in one
 * transaction: the case row is locked (select … for update), the transition
 * checked against the status machine (case.rules.ts), one event appended to
 * the timeline with the cache updated, and what health must know published
 * last.
 *
 * The primitives every case change goes through (also used by close-contact
 * commands and the lab-result consumer): row locks in one order (resident →
 * close contact → case → facility, so concurrent commands cannot deadlock),
 * one appended timeline event per change together with the cache on
 * positive_cases, and opening a case (shared by reportCase, the lab-result
 * consumer and close-contact conversion).
 */
import { and, count, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../shared/db/errors.js';
import type { Executor } from '../../shared/db/database.js';
import type { CasesEvent } from '../../shared/events/contracts.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { caseEvents, closeContacts, facilities, positiveCases, type CaseEventRow, type PositiveCaseRow } from '../db.js';
import { caseActivated, caseClosed, caseDischarged, contactReleased, publish } from '../events/published.js';
import { lockResident } from '../resident/resident.queries.js';
import { ACTIVE_STATUSES, transition, type CaseAction } from './case.rules.js';
import type { CaseClassification, ReportCaseInput } from './case.type.js';

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
  /** When the case holds from: the recording instant, or a lab-opened case's result-at. */
  reportedAt: Date;
  /** An earlier instant the reporter gave, stored and shown only (absent: none given). */
  statedReportedAt?: Date | null;
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
      statedReportedAt: spec.statedReportedAt ?? null,
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

export const MAX_NOTE_LENGTH = 1000;

export function validNote(note: string | null | undefined, field = 'note'): string | null {
  const trimmed = note?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_NOTE_LENGTH) throw badUserInput(field, `${field} is at most ${MAX_NOTE_LENGTH} characters (got ${trimmed.length}).`);
  return trimmed;
}

function validBarcode(barcode: string | null | undefined): string | null {
  const trimmed = barcode?.trim();
  if (!trimmed) return null;
  if (trimmed.length > 32) throw badUserInput('input.sourceBarcode', 'sourceBarcode is at most 32 characters.');
  return trimmed;
}

/**
 * A case reported by hand holds from now, when it is recorded (domain.md "Time"): a reportedAt the reporter
 * gives is stored and shown as statedReportedAt, never counted from, so yesterday's indexes stay as they were.
 */
export async function reportCase(ctx: BaseContext, input: ReportCaseInput, now = new Date()): Promise<PositiveCaseRow> {
  const residentId = numericId(input.residentId);
  const stated = input.reportedAt ?? null;
  if (stated && Number.isNaN(stated.getTime())) throw badUserInput('input.reportedAt', 'reportedAt is not a valid instant.');
  if (stated && stated.getTime() > now.getTime()) throw badUserInput('input.reportedAt', `reportedAt (${stated.toISOString()}) is in the future.`);
  const note = validNote(input.note, 'input.note');
  const sourceBarcode = validBarcode(input.sourceBarcode);
  try {
    return await ctx.db.transaction(async (tx) => {
      const resident = residentId === null ? null : await lockResident(tx, residentId);
      if (!resident) throw notFound(`Resident ${input.residentId} is not known to case tracking (never registered in the district).`);
      ctx.scope.assertCovers(resident.communityCode);
      if (resident.movedOutAt) {
        throw conflict(`Resident ${input.residentId} moved out on ${resident.movedOutAt.toISOString()}; report the case where they live now.`);
      }
      const active = await activeCaseOf(tx, resident.residentId);
      if (active) throw conflict(`Resident ${input.residentId} already has an active case (${active.id}, ${active.status}); one active case at a time.`);
      const events: CasesEvent[] = [];
      const row = await openCase(
        tx,
        {
          residentId: resident.residentId,
          communityCode: resident.communityCode,
          reportedAt: now,
          statedReportedAt: stated,
          classification: input.classification,
          sourceBarcode,
          note,
          actor: ctx.viewer.id,
          now,
        },
        events,
      );
      await publish(tx, events);
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'positive_cases_source_barcode_idx')) throw conflict(`Sample ${sourceBarcode} already opened a case.`);
    throw error;
  }
}

/** Runs `apply` on the locked case in a transaction; NOT_FOUND for an unknown ID or a case outside the viewer's scope. */
async function withCase<T>(ctx: BaseContext, id: string, apply: (tx: Executor, locked: PositiveCaseRow) => Promise<T>): Promise<T> {
  const caseId = numericId(id);
  return ctx.db.transaction(async (tx) => {
    const locked = caseId === null ? null : await lockCase(tx, caseId);
    if (!locked || !ctx.scope.covers(locked.communityCode)) throw notFound(`There is no case ${id} in your scope.`);
    return apply(tx, locked);
  });
}

function allowed(locked: PositiveCaseRow, action: CaseAction) {
  const result = transition(locked.status, action);
  if (!result.ok) throw conflict(`Case ${locked.id} is ${locked.status}: ${result.reason}.`);
  return result.status;
}

/**
 * Transfers a case into a facility (again, to move it). The facility row is
 * locked before its occupants are counted, so of two transfers into its last
 * bed exactly one succeeds.
 */
export async function transferCase(ctx: BaseContext, id: string, facilityId: string, note?: string | null, now = new Date()): Promise<PositiveCaseRow> {
  const target = numericId(facilityId);
  const why = validNote(note);
  return withCase(ctx, id, async (tx, locked) => {
    const status = allowed(locked, 'transfer');
    const [facility] = target === null ? [] : await tx.select().from(facilities).where(eq(facilities.id, target)).for('update');
    if (!facility) throw notFound(`There is no facility ${facilityId}.`);
    if (locked.status === 'TRANSFERRED' && locked.facilityId === facility.id) {
      throw conflict(`Case ${locked.id} is TRANSFERRED to ${facility.name} already.`);
    }
    const [occupancy] = await tx
      .select({ occupied: count() })
      .from(positiveCases)
      .where(and(eq(positiveCases.facilityId, facility.id), eq(positiveCases.status, 'TRANSFERRED')));
    if (occupancy!.occupied >= facility.capacity) {
      throw conflict(`${facility.name} is full (${occupancy!.occupied} of ${facility.capacity} places taken); choose another facility.`);
    }
    const { row } = await appendEvent(tx, locked, {
      at: now,
      type: 'TRANSFERRED',
      actor: ctx.viewer.id,
      note: why,
      status,
      facilityId: facility.id,
      data: { facilityName: facility.name, facilityType: facility.type },
    });
    return row;
  });
}

/** Discharges a TRANSFERRED case: it closes, and health starts 7 days of home observation. */
export async function dischargeCase(ctx: BaseContext, id: string, note?: string | null, now = new Date()): Promise<PositiveCaseRow> {
  const why = validNote(note);
  return withCase(ctx, id, async (tx, locked) => {
    const status = allowed(locked, 'discharge');
    const { row } = await appendEvent(tx, locked, { at: now, type: 'DISCHARGED', actor: ctx.viewer.id, note: why, status, dischargedAt: now });
    await publish(tx, [caseClosed(row.id, row.residentId, now, 'DISCHARGED'), caseDischarged(row.id, row.residentId, now)]);
    return row;
  });
}

export async function recordDeath(ctx: BaseContext, id: string, note?: string | null, now = new Date()): Promise<PositiveCaseRow> {
  const why = validNote(note);
  return withCase(ctx, id, async (tx, locked) => {
    const status = allowed(locked, 'death');
    const { row } = await appendEvent(tx, locked, { at: now, type: 'DECEASED', actor: ctx.viewer.id, note: why, status });
    await publish(tx, caseClosed(row.id, row.residentId, now, 'DECEASED'));
    return row;
  });
}

export async function reclassifyCase(ctx: BaseContext, id: string, classification: CaseClassification, note?: string | null, now = new Date()): Promise<PositiveCaseRow> {
  const why = validNote(note);
  return withCase(ctx, id, async (tx, locked) => {
    allowed(locked, 'reclassify');
    if (locked.classification === classification) throw conflict(`Case ${locked.id} is classified ${classification} already.`);
    const { row } = await appendEvent(tx, locked, {
      at: now,
      type: 'RECLASSIFIED',
      actor: ctx.viewer.id,
      note: why,
      classification,
      data: { from: locked.classification, to: classification },
    });
    return row;
  });
}
