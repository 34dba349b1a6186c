/**
 * Recording and ending exemptions from routine testing (source RECORD). Tag
 * exemptions (source TAG) come from population's EXEMPT_FROM_TESTING tag and
 * end when the tag is taken off there, never here.
 *
 * An exemption is an administrative fact: it holds from the instant it is
 * recorded (domain.md, "Time"). `from`, `until` and `at` may lie in the past
 * (a certificate dated last week is recorded today): that date is stored and
 * shown (stated_from, stated_until) but never moves the instant it
 * holds from or until back, so yesterday's indexes stay as they were. They
 * may lie in the future (an exemption planned to start or end later).
 */
import { eq } from 'drizzle-orm';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { validReason } from '../../shared/validation.js';
import { exemptions } from '../db.js';
import { takesEffectAt } from '../resident/effective-date.js';
import { knownResident, visibleResident } from '../resident/known-resident.js';
import type { ExemptionRow } from './exemption.queries.js';

function validInstant(value: Date, field: string): Date {
  if (Number.isNaN(value.getTime())) throw badUserInput(field, `${field} is not a valid instant.`);
  return value;
}

export async function recordExemption(
  ctx: BaseContext,
  residentId: string,
  reason: string,
  from: Date | null | undefined,
  until: Date | null | undefined,
  now = new Date(),
): Promise<ExemptionRow> {
  const why = validReason(reason);
  const statedFrom = validInstant(from ?? now, 'from');
  const statedUntil = until == null ? null : validInstant(until, 'until');
  if (statedUntil && statedUntil.getTime() <= statedFrom.getTime()) {
    throw badUserInput('until', `until (${statedUntil.toISOString()}) must be after from (${statedFrom.toISOString()}).`);
  }
  const startsAt = takesEffectAt(statedFrom, now);
  // A stated period already over when recorded holds at no instant (it ends where it starts).
  const endsAt = statedUntil && takesEffectAt(statedUntil, startsAt);
  return ctx.db.transaction(async (tx) => {
    const resident = await knownResident(ctx, tx, residentId, { current: true });
    const [row] = await tx
      .insert(exemptions)
      .values({ residentId: resident.residentId, source: 'RECORD', reason: why, startsAt, endsAt, statedFrom: from ?? null, statedUntil: statedUntil, recordedBy: ctx.viewer.id })
      .returning();
    return row!;
  });
}

/**
 * Ends a recorded exemption at `at` (now when omitted; an earlier `at` is shown, the exemption stops holding
 * now). Ending can only shorten it: `at` must be after its start as shown, and before its planned end if it
 * has one. An exemption that is already over is a CONFLICT.
 */
export async function endExemption(ctx: BaseContext, id: string, at: Date | null | undefined, now = new Date()): Promise<ExemptionRow> {
  const stated = validInstant(at ?? now, 'at');
  const end = takesEffectAt(stated, now);
  const exemptionId = numericId(id);
  if (exemptionId === null) throw badUserInput('id', `id "${id}" is not an exemption ID (a positive decimal number).`);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(exemptions).where(eq(exemptions.id, exemptionId)).for('update');
    // A resident outside the viewer's scope makes the exemption read as unknown, as the resident itself does.
    if (!row || !(await visibleResident(ctx, tx, row.residentId))) throw notFound(`No exemption has ID ${id}.`);
    if (row.source !== 'RECORD') {
      throw conflict(`Exemption ${id} comes from the ${row.source === 'TAG' ? 'EXEMPT_FROM_TESTING tag' : row.source}; take the tag off the resident to end it.`);
    }
    if (row.endsAt && row.endsAt.getTime() <= now.getTime()) {
      throw conflict(`Exemption ${id} already ended at ${row.endsAt.toISOString()}.`);
    }
    const shownStart = row.statedFrom ?? row.startsAt;
    if (stated.getTime() <= shownStart.getTime()) {
      throw badUserInput('at', `at (${stated.toISOString()}) must be after the exemption's start (${shownStart.toISOString()}).`);
    }
    if (row.endsAt && end.getTime() >= row.endsAt.getTime()) {
      throw badUserInput('at', `at (${stated.toISOString()}) is not before the exemption's planned end (${row.endsAt.toISOString()}); ending can only shorten it.`);
    }
    const [ended] = await tx.update(exemptions).set({ endsAt: end, statedUntil: stated }).where(eq(exemptions.id, exemptionId)).returning();
    return ended!;
  });
}
