/**
 * Case commands. Each runs in one transaction: the case row is locked
 * (select … for update), the transition checked against the status machine
 * (case.transitions.ts), one event appended to the timeline with the cache
 * updated, and what health must know published last.
 */
import { and, count, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../../shared/db/errors.js';
import type { Executor } from '../../shared/db/database.js';
import type { CasesEvent } from '../../shared/events/contracts.js';
import { publishTo } from '../../shared/events/publish.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { facilities, outbox, positiveCases, type PositiveCaseRow } from '../db.js';
import { caseClosed, caseDischarged } from './case.events.js';
import { activeCaseOf, appendEvent, lockCase, lockResident, openCase } from './case.store.js';
import { transition, type CaseAction } from './case.transitions.js';
import type { CaseClassification, ReportCaseInput } from './case.type.js';

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

export async function reportCase(ctx: BaseContext, input: ReportCaseInput, now = new Date()): Promise<PositiveCaseRow> {
  const residentId = numericId(input.residentId);
  const reportedAt = input.reportedAt ?? now;
  if (Number.isNaN(reportedAt.getTime())) throw badUserInput('input.reportedAt', 'reportedAt is not a valid instant.');
  if (reportedAt.getTime() > now.getTime()) throw badUserInput('input.reportedAt', `reportedAt (${reportedAt.toISOString()}) is in the future.`);
  const note = validNote(input.note, 'input.note');
  const sourceBarcode = validBarcode(input.sourceBarcode);
  try {
    return await ctx.db.transaction(async (tx) => {
      const resident = residentId === null ? null : await lockResident(tx, residentId);
      if (!resident) throw notFound(`Resident ${input.residentId} is not known to case tracking (never registered in the district).`);
      ctx.scope.assertCovers(resident.communityCode);
      if (resident.movedOutAt && resident.movedOutAt.getTime() <= reportedAt.getTime()) {
        throw conflict(`Resident ${input.residentId} moved out on ${resident.movedOutAt.toISOString()}; report the case where they live now.`);
      }
      const active = await activeCaseOf(tx, resident.residentId);
      if (active) throw conflict(`Resident ${input.residentId} already has an active case (${active.id}, ${active.status}); one active case at a time.`);
      const events: CasesEvent[] = [];
      const row = await openCase(
        tx,
        { residentId: resident.residentId, communityCode: resident.communityCode, reportedAt, classification: input.classification, sourceBarcode, note, actor: ctx.viewer.id, now },
        events,
      );
      await publishTo(tx, outbox, events);
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
    await publishTo(tx, outbox, [caseClosed(row.id, row.residentId, now, 'DISCHARGED'), caseDischarged(row.id, row.residentId, now)]);
    return row;
  });
}

export async function recordDeath(ctx: BaseContext, id: string, note?: string | null, now = new Date()): Promise<PositiveCaseRow> {
  const why = validNote(note);
  return withCase(ctx, id, async (tx, locked) => {
    const status = allowed(locked, 'death');
    const { row } = await appendEvent(tx, locked, { at: now, type: 'DECEASED', actor: ctx.viewer.id, note: why, status });
    await publishTo(tx, outbox, caseClosed(row.id, row.residentId, now, 'DECEASED'));
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
