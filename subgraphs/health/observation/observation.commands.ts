/**
 * Starting and ending home health observation by hand. Each runs in one
 * transaction holding the resident's health.people row lock, so two starts for
 * one resident cannot both pass the "one active observation" check.
 * (Observations after a discharge are started by the cases consumer,
 * events/cases-projection.ts.)
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { badUserInput, conflict } from '../../shared/errors.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { homeObservations, type HomeObservationRow } from '../db.js';
import { validReason } from '../../shared/validation.js';
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
  const start = startedAt ?? now;
  if (Number.isNaN(start.getTime())) throw badUserInput('startedAt', 'startedAt is not a valid instant.');
  if (start.getTime() > now.getTime()) throw badUserInput('startedAt', `startedAt (${start.toISOString()}) is in the future; start it when it starts.`);
  // Days of 24 hours: Asia/Shanghai has no daylight saving, so this is also the same local time `days` days later.
  const plannedEndAt = new Date(start.getTime() + days * DAY_MS);

  return ctx.db.transaction(async (tx) => {
    const resident = await knownResident(ctx, tx, residentId, { current: true, lock: true });
    // One active observation per resident at any instant: the new period may not overlap an existing one.
    const [clash] = await observationsOverlapping(tx, resident.residentId, start, plannedEndAt);
    if (clash) {
      throw conflict(
        `Resident ${residentId} is already under home observation from ${clash.startedAt.toISOString()} until ${observationEnd(clash).toISOString()} ` +
          `("${clash.reason}"); end it first with endHomeObservation.`,
      );
    }
    const [row] = await tx
      .insert(homeObservations)
      .values({ residentId: resident.residentId, reason: why, startedAt: start, plannedEndAt, source: `manual:${ctx.viewer.id}:${randomUUID()}` })
      .returning();
    return row!;
  });
}

/** Ends the resident's observation active now, at `endedAt` (now when omitted; after its start, not in the future). */
export async function endHomeObservation(ctx: BaseContext, residentId: string, endedAt: Date | null | undefined, now = new Date()): Promise<HomeObservationRow> {
  const end = endedAt ?? now;
  if (Number.isNaN(end.getTime())) throw badUserInput('endedAt', 'endedAt is not a valid instant.');
  if (end.getTime() > now.getTime()) throw badUserInput('endedAt', `endedAt (${end.toISOString()}) is in the future; end it when it ends.`);
  return ctx.db.transaction(async (tx) => {
    const resident = await knownResident(ctx, tx, residentId, { lock: true });
    const active = await activeObservationOf(tx, resident.residentId, now);
    if (!active) throw conflict(`Resident ${residentId} is not under home observation now; there is nothing to end.`);
    if (end.getTime() <= active.startedAt.getTime()) {
      throw badUserInput('endedAt', `endedAt (${end.toISOString()}) must be after the observation started (${active.startedAt.toISOString()}).`);
    }
    const [row] = await tx.update(homeObservations).set({ endedAt: end }).where(eq(homeObservations.id, active.id)).returning();
    return row!;
  });
}
