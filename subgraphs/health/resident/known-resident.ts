/**
 * The resident a health command is about. Health knows a person only through
 * its projection of population events (health.people, health.residence_periods):
 * a resident ID not in health.people is unknown here (NOT_FOUND), as is one
 * whose community lies outside the viewer's scope (indistinguishable from
 * unknown, as in population). Used by the outreach, exemption, observation and
 * venue-scan commands.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { people, residencePeriods } from '../db.js';

export interface KnownResident {
  residentId: number;
  /** The community they live in now, or last lived in once moved out. */
  communityCode: string;
  /** False once moved out. */
  current: boolean;
}

export interface ResidentCheck {
  /** Name of the argument carrying the ID, for BAD_USER_INPUT. */
  field?: string;
  /** Refuse moved-out residents with CONFLICT (changes about living residents only). */
  current?: boolean;
  /** Lock the resident's health.people row until the transaction ends: serializes commands about one resident. */
  lock?: boolean;
}

/** The resident with this ID if health knows them and the viewer may see them, else null. */
export async function visibleResident(ctx: BaseContext, tx: Executor, residentId: number, lock = false): Promise<KnownResident | null> {
  const person = tx.select({ residentId: people.residentId }).from(people).where(eq(people.residentId, residentId));
  const [found] = await (lock ? person.for('update') : person);
  if (!found) return null;
  const [period] = await tx
    .select({ communityCode: residencePeriods.communityCode, endedAt: residencePeriods.endedAt })
    .from(residencePeriods)
    .where(eq(residencePeriods.residentId, residentId))
    .orderBy(sql`${residencePeriods.endedAt} is null desc`, desc(residencePeriods.startedAt), desc(residencePeriods.id))
    .limit(1);
  if (!period || !ctx.scope.covers(period.communityCode)) return null;
  return { residentId, communityCode: period.communityCode, current: period.endedAt === null };
}

/** Resolves and checks a resident ID for a command; throws BAD_USER_INPUT, NOT_FOUND or CONFLICT. */
export async function knownResident(ctx: BaseContext, tx: Executor, id: string, check: ResidentCheck = {}): Promise<KnownResident> {
  const field = check.field ?? 'residentId';
  const residentId = numericId(id);
  if (residentId === null) throw badUserInput(field, `${field} "${id}" is not a resident ID (a positive decimal number).`);
  const resident = await visibleResident(ctx, tx, residentId, check.lock);
  if (!resident) throw notFound(`No resident has ID ${id}.`);
  if (check.current && !resident.current) throw conflict(`Resident ${id} has moved out; this can only be recorded for residents living here.`);
  return resident;
}
