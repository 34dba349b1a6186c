/**
 * Close-contact commands. Locks are taken in the order every case command
 * uses (resident → close contact → case), each change is recorded on the
 * case's timeline, and health learns of quarantines and their early ends
 * (contact.quarantined / contact.released) from the same transaction.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import { isUniqueViolation } from '../../shared/db/errors.js';
import type { CasesEvent } from '../../shared/events/contracts.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { shanghaiDate } from '../../shared/time.js';
import { activeCaseOf, appendEvent, lockCase, openCase, validNote } from '../case/case.commands.js';
import { isActive } from '../case/case.rules.js';
import { closeContacts, type CloseContactRow, type PositiveCaseRow } from '../db.js';
import { contactQuarantined, contactReleased, publish } from '../events/published.js';
import { lockResident } from '../resident/resident.queries.js';
import { inQuarantineAt } from './contact.mapper.js';
import { DEFAULT_QUARANTINE_DAYS, MAX_QUARANTINE_DAYS, type AddCloseContactInput, type ConvertCloseContactInput } from './contact.type.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A quarantine holds from now, when it is recorded (domain.md "Time"); a start the tracer gives, earlier, is
 * stored and shown (statedStartsAt) and the planned end counts from it, so it must still lie ahead.
 */
function quarantinePeriod(input: AddCloseContactInput, now: Date): { startsAt: Date; statedStartsAt: Date | null; endsAt: Date } {
  const statedStartsAt = input.quarantineStartsAt ?? null;
  const plannedFrom = statedStartsAt ?? now;
  if (Number.isNaN(plannedFrom.getTime())) throw badUserInput('input.quarantineStartsAt', 'quarantineStartsAt is not a valid instant.');
  if (plannedFrom.getTime() > now.getTime()) throw badUserInput('input.quarantineStartsAt', `quarantineStartsAt (${plannedFrom.toISOString()}) is in the future.`);
  if (input.quarantineDays != null && input.quarantineEndsAt != null) {
    throw badUserInput('input.quarantineEndsAt', 'Give quarantineDays or quarantineEndsAt, not both.');
  }
  const period = (endsAt: Date, field: string) => {
    if (endsAt.getTime() <= now.getTime()) throw badUserInput(field, `The quarantine would have ended at ${endsAt.toISOString()}, before it is recorded now.`);
    return { startsAt: now, statedStartsAt, endsAt };
  };
  if (input.quarantineEndsAt != null) {
    if (Number.isNaN(input.quarantineEndsAt.getTime()) || input.quarantineEndsAt.getTime() <= plannedFrom.getTime()) {
      throw badUserInput('input.quarantineEndsAt', 'quarantineEndsAt must be a valid instant after the quarantine starts.');
    }
    if (input.quarantineEndsAt.getTime() - plannedFrom.getTime() > MAX_QUARANTINE_DAYS * DAY_MS) {
      throw badUserInput('input.quarantineEndsAt', `A quarantine lasts at most ${MAX_QUARANTINE_DAYS} days.`);
    }
    return period(input.quarantineEndsAt, 'input.quarantineEndsAt');
  }
  const days = input.quarantineDays ?? DEFAULT_QUARANTINE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_QUARANTINE_DAYS) {
    throw badUserInput('input.quarantineDays', `quarantineDays must be a whole number from 1 to ${MAX_QUARANTINE_DAYS} (got ${days}).`);
  }
  return period(new Date(plannedFrom.getTime() + days * DAY_MS), 'input.quarantineDays');
}

export async function addCloseContact(ctx: BaseContext, input: AddCloseContactInput, now = new Date()): Promise<CloseContactRow> {
  const caseId = numericId(input.caseId);
  const residentId = numericId(input.residentId);
  const exposureDate = input.exposureDate.toISOString().slice(0, 10);
  if (exposureDate > shanghaiDate(now)) throw badUserInput('input.exposureDate', `exposureDate (${exposureDate}) is in the future.`);
  const { startsAt, statedStartsAt, endsAt } = quarantinePeriod(input, now);
  try {
    return await ctx.db.transaction(async (tx) => {
      const resident = residentId === null ? null : await lockResident(tx, residentId);
      if (!resident) throw notFound(`Resident ${input.residentId} is not known to case tracking (never registered in the district).`);
      const locked = caseId === null ? null : await lockCase(tx, caseId);
      if (!locked || !ctx.scope.covers(locked.communityCode)) throw notFound(`There is no case ${input.caseId} in your scope.`);
      if (locked.residentId === resident.residentId) throw badUserInput('input.residentId', 'A case is not its own close contact.');
      const active = await activeCaseOf(tx, resident.residentId);
      if (active) throw conflict(`Resident ${input.residentId} is an active case (${active.id}) and needs no quarantine.`);
      const [contact] = await tx
        .insert(closeContacts)
        .values({
          residentId: resident.residentId,
          caseId: locked.id,
          exposureDate,
          quarantineStartsAt: startsAt,
          statedQuarantineStartsAt: statedStartsAt,
          quarantineEndsAt: endsAt,
          status: 'QUARANTINED',
          addedBy: ctx.viewer.id,
        })
        .returning();
      await appendEvent(tx, locked, {
        at: now,
        type: 'CONTACT_ADDED',
        actor: ctx.viewer.id,
        note: `Close contact ${contact!.id} (resident ${resident.residentId}) quarantined until ${endsAt.toISOString()}.`,
        data: { contactId: contact!.id, residentId: resident.residentId },
      });
      await publish(tx, contactQuarantined(contact!.id, resident.residentId, startsAt, endsAt));
      return contact!;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'close_contacts_case_resident_idx')) {
      throw conflict(`Resident ${input.residentId} is already recorded as a close contact of case ${input.caseId}.`);
    }
    throw error;
  }
}

async function lockContact(tx: Executor, ctx: BaseContext, id: string): Promise<{ contact: CloseContactRow; source: PositiveCaseRow }> {
  const contactId = numericId(id);
  const [contact] = contactId === null ? [] : await tx.select().from(closeContacts).where(eq(closeContacts.id, contactId)).for('update');
  const source = contact ? await lockCase(tx, contact.caseId) : null;
  if (!contact || !source || !ctx.scope.covers(source.communityCode)) throw notFound(`There is no close contact ${id} in your scope.`);
  return { contact, source };
}

function assertInQuarantine(contact: CloseContactRow, now: Date): void {
  if (contact.status !== 'QUARANTINED') throw conflict(`Close contact ${contact.id} is ${contact.status}, no longer in quarantine.`);
  if (!inQuarantineAt(contact, now)) {
    throw conflict(
      now < contact.quarantineStartsAt
        ? `Close contact ${contact.id}'s quarantine starts at ${contact.quarantineStartsAt.toISOString()}.`
        : `Close contact ${contact.id}'s quarantine ended by itself at ${contact.quarantineEndsAt.toISOString()}.`,
    );
  }
}

/** Ends a quarantine early (status RELEASED). */
export async function releaseCloseContact(ctx: BaseContext, id: string, note: string | null | undefined, now = new Date()): Promise<CloseContactRow> {
  const why = validNote(note);
  return ctx.db.transaction(async (tx) => {
    const { contact, source } = await lockContact(tx, ctx, id);
    assertInQuarantine(contact, now);
    const [released] = await tx.update(closeContacts).set({ status: 'RELEASED', endedAt: now }).where(eq(closeContacts.id, contact.id)).returning();
    await appendEvent(tx, source, {
      at: now,
      type: 'CONTACT_RELEASED',
      actor: ctx.viewer.id,
      note: why ?? `Close contact ${contact.id} (resident ${contact.residentId}) released.`,
      data: { contactId: contact.id, residentId: contact.residentId },
    });
    await publish(tx, contactReleased(contact.id, contact.residentId, now));
    return released!;
  });
}

/**
 * A quarantined contact tested positive: opens their case (which ends the
 * quarantine as CONVERTED_TO_CASE, see openCase), or, when they already have
 * an active case, links that one.
 */
export async function convertCloseContactToCase(
  ctx: BaseContext,
  id: string,
  input: ConvertCloseContactInput,
  now = new Date(),
): Promise<{ contact: CloseContactRow; caseRow: PositiveCaseRow }> {
  const note = validNote(input.note, 'input.note');
  const contactId = numericId(id);
  return ctx.db.transaction(async (tx) => {
    // Resident first (the lock order), found through the contact read without a lock.
    const [peek] = contactId === null ? [] : await tx.select().from(closeContacts).where(eq(closeContacts.id, contactId));
    if (!peek) throw notFound(`There is no close contact ${id} in your scope.`);
    const resident = await lockResident(tx, peek.residentId);
    const { contact } = await lockContact(tx, ctx, id);
    assertInQuarantine(contact, now);
    const events: CasesEvent[] = [];
    const active = await activeCaseOf(tx, contact.residentId);
    let caseRow: PositiveCaseRow;
    if (active && isActive(active.status)) {
      caseRow = active;
      await tx.update(closeContacts).set({ status: 'CONVERTED_TO_CASE', endedAt: now, convertedCaseId: active.id }).where(eq(closeContacts.id, contact.id));
      const source = (await lockCase(tx, contact.caseId))!;
      await appendEvent(tx, source, {
        at: now,
        type: 'CONTACT_CONVERTED',
        actor: ctx.viewer.id,
        note: note ?? `Close contact ${contact.id} (resident ${contact.residentId}) is case ${active.id}.`,
        data: { contactId: contact.id, residentId: contact.residentId, convertedCaseId: active.id },
      });
      events.push(contactReleased(contact.id, contact.residentId, now));
    } else {
      if (!resident) throw notFound(`Resident ${contact.residentId} is not known to case tracking.`);
      caseRow = await openCase(
        tx,
        {
          residentId: resident.residentId,
          communityCode: resident.communityCode,
          reportedAt: now,
          classification: input.classification,
          sourceBarcode: input.sourceBarcode?.trim() || null,
          note: note ?? `Close contact ${contact.id} of case ${contact.caseId} tested positive.`,
          actor: ctx.viewer.id,
          now,
        },
        events,
      );
    }
    await publish(tx, events);
    const [after] = await tx.select().from(closeContacts).where(eq(closeContacts.id, contact.id));
    return { contact: after!, caseRow };
  });
}
