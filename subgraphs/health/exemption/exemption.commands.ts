/**
 * Recording and ending exemptions from routine testing (source RECORD). Tag
 * exemptions (source TAG) come from population's EXEMPT_FROM_TESTING tag and
 * end when the tag is taken off there, never here.
 *
 * Times are facts about when the exemption holds: `from` and `at` may lie in
 * the past (a certificate dated last week is recorded today) and then change
 * past indexes, as domain.md allows for facts recorded later about the past;
 * they may lie in the future (an exemption planned to start or end later).
 */
import { eq } from 'drizzle-orm';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { validReason } from '../../shared/validation.js';
import { exemptions } from '../db.js';
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
  const startsAt = validInstant(from ?? now, 'from');
  const endsAt = until == null ? null : validInstant(until, 'until');
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
    throw badUserInput('until', `until (${endsAt.toISOString()}) must be after from (${startsAt.toISOString()}).`);
  }
  return ctx.db.transaction(async (tx) => {
    const resident = await knownResident(ctx, tx, residentId, { current: true });
    const [row] = await tx
      .insert(exemptions)
      .values({ residentId: resident.residentId, source: 'RECORD', reason: why, startsAt, endsAt, recordedBy: ctx.viewer.id })
      .returning();
    return row!;
  });
}

/**
 * Ends a recorded exemption at `at` (now when omitted). Ending can only shorten it: `at` must be after its
 * start, and before its planned end if it has one. An exemption that is already over is a CONFLICT.
 */
export async function endExemption(ctx: BaseContext, id: string, at: Date | null | undefined, now = new Date()): Promise<ExemptionRow> {
  const end = validInstant(at ?? now, 'at');
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
    if (end.getTime() <= row.startsAt.getTime()) {
      throw badUserInput('at', `at (${end.toISOString()}) must be after the exemption's start (${row.startsAt.toISOString()}).`);
    }
    if (row.endsAt && end.getTime() >= row.endsAt.getTime()) {
      throw badUserInput('at', `at (${end.toISOString()}) is not before the exemption's planned end (${row.endsAt.toISOString()}); ending can only shorten it.`);
    }
    const [ended] = await tx.update(exemptions).set({ endsAt: end }).where(eq(exemptions.id, exemptionId)).returning();
    return ended!;
  });
}
