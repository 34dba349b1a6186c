/**
 * Recording a call or visit: who (the viewer) and when (now) are the
 * server's, never the caller's, so the call list's "last contacted" can be trusted.
 */
import { badUserInput } from '../../shared/errors.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { outreach, type OutreachRow } from '../db.js';
import { knownResident } from '../resident/known-resident.js';
import { latestOutreachOf } from './outreach.queries.js';
import type { OutreachOutcome } from './outreach.type.js';

export const MAX_NOTE_LENGTH = 1000;

/** A trimmed note; blank means none. */
export function validNote(note: string | null | undefined): string | null {
  const trimmed = note?.trim() ?? '';
  if (trimmed.length > MAX_NOTE_LENGTH) {
    throw badUserInput('note', `A note is at most ${MAX_NOTE_LENGTH} characters (got ${trimmed.length}); shorten it.`);
  }
  return trimmed === '' ? null : trimmed;
}

/** Stores one contact and returns the resident's latest outreach afterwards. */
export async function recordOutreach(
  ctx: BaseContext,
  residentId: string,
  outcome: OutreachOutcome,
  note: string | null | undefined,
  now = new Date(),
): Promise<OutreachRow> {
  const text = validNote(note);
  return ctx.db.transaction(async (tx) => {
    const resident = await knownResident(ctx, tx, residentId, { current: true });
    await tx.insert(outreach).values({ residentId: resident.residentId, outcome, note: text, contactedAt: now, contactedBy: ctx.viewer.id });
    const [latest] = await latestOutreachOf(tx, [resident.residentId], 1);
    return latest!;
  });
}
