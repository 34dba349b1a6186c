/**
 * Starting and ending home health observation by hand. Each runs in one
 * transaction holding the resident's health.people row lock, so two starts for
 * one resident cannot both pass the "one active observation" check.
 * (Observations after a discharge are started by the cases consumer,
 * events/cases-projection.ts.)
 *
 * An observation is an administrative fact: a stated start or end in the past
 * is stored and shown (stated_from, stated_until) but the observation
 * holds from, or stops at, the instant it is recorded (resident/effective-date.ts).
 * The planned end counts its days from the stated start.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { badUserInput, conflict } from '../../shared/errors.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { homeObservations, type HomeObservationRow } from '../db.js';
import { validReason } from '../../shared/validation.js';
import { takesEffectAt } from '../resident/effective-date.js';
import { knownResident } from '../resident/known-resident.js';
import { activeObservationOf, observationsOverlapping } from './observation.queries.js';
import { observationEnd } from './observation.rules.js';

export const DEFAULT_OBSERVATION_DAYS = 7;
export const MAX_OBSERVATION_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export async function startHomeObservation(
  ctx: BaseContext,
  residentId: string,
  reason: string,
  startedAt: Date | null | undefined,
  days: number,
  now = new Date(),
): Promise<HomeObservationRow> {
  const why = validReason(reason);
  if (!Number.isInteger(days) || days < 1 || days > MAX_OBSERVATION_DAYS) {
    throw badUserInput('days', `days must be a whole number from 1 to ${MAX_OBSERVATION_DAYS} (got ${days}).`);
  }
  const stated = startedAt ?? now;
  if (Number.isNaN(stated.getTime())) throw badUserInput('startedAt', 'startedAt is not a valid instant.');
  if (stated.getTime() > now.getTime()) throw badUserInput('startedAt', `startedAt (${stated.toISOString()}) is in the future; start it when it starts.`);
  const start = takesEffectAt(stated, now);
  // Days of 24 hours: Asia/Shanghai has no daylight saving, so this is also the same local time `days` days later.
  // A stated period already over when recorded holds at no instant (it ends where it starts).
  const statedEnd = new Date(stated.getTime() + days * DAY_MS);
  const plannedEndAt = takesEffectAt(statedEnd, start);

  return ctx.db.transaction(async (tx) => {
    const resident = await knownResident(ctx, tx, residentId, { current: true, lock: true });
    // One active observation per resident at any instant: the period as stated may not overlap one on record.
    const [clash] = await observationsOverlapping(tx, resident.residentId, stated, statedEnd);
    if (clash) {
      throw conflict(
        `Resident ${residentId} is already under home observation from ${clash.startedAt.toISOString()} until ${observationEnd(clash).toISOString()} ` +
          `("${clash.reason}"); end it first with endHomeObservation.`,
      );
    }
    const [row] = await tx
      .insert(homeObservations)
      .values({ residentId: resident.residentId, reason: why, startedAt: start, plannedEndAt, statedFrom: startedAt ?? null, source: `manual:${ctx.viewer.id}:${randomUUID()}` })
      .returning();
    return row!;
  });
}

/** Ends the resident's observation active now, at `endedAt` (now when omitted; after its start as shown, not in the future; an earlier one is shown, the observation stops now). */
export async function endHomeObservation(ctx: BaseContext, residentId: string, endedAt: Date | null | undefined, now = new Date()): Promise<HomeObservationRow> {
  const stated = endedAt ?? now;
  if (Number.isNaN(stated.getTime())) throw badUserInput('endedAt', 'endedAt is not a valid instant.');
  if (stated.getTime() > now.getTime()) throw badUserInput('endedAt', `endedAt (${stated.toISOString()}) is in the future; end it when it ends.`);
  return ctx.db.transaction(async (tx) => {
    const resident = await knownResident(ctx, tx, residentId, { lock: true });
    const active = await activeObservationOf(tx, resident.residentId, now);
    if (!active) throw conflict(`Resident ${residentId} is not under home observation now; there is nothing to end.`);
    const shownStart = active.statedFrom ?? active.startedAt;
    if (stated.getTime() <= shownStart.getTime()) {
      throw badUserInput('endedAt', `endedAt (${stated.toISOString()}) must be after the observation started (${shownStart.toISOString()}).`);
    }
    const [row] = await tx.update(homeObservations).set({ endedAt: now, statedUntil: endedAt ?? null }).where(eq(homeObservations.id, active.id)).returning();
    return row!;
  });
}
