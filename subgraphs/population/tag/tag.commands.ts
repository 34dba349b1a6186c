/**
 * Tagging and untagging. Both are idempotent: tagging a resident who already
 * has the tag, or untagging one who does not, changes nothing, so a retried
 * request is harmless. Every change keeps who, when and why.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { isUniqueViolation } from '../../shared/db/errors.js';
import { badUserInput } from '../../shared/errors.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { validReason } from '../../shared/validation.js';
import { residentTags, tags } from '../db.js';
import { publish } from '../events.js';
import { lockOpenResidency } from '../resident/resident.commands.js';

async function assertTag(ctx: BaseContext, code: string): Promise<void> {
  const [tag] = await ctx.db.select({ code: tags.code }).from(tags).where(eq(tags.code, code));
  if (!tag) throw badUserInput('tagCode', `Unknown tag code "${code}". Query \`tags\` for the catalog.`);
}

export async function tagResident(ctx: BaseContext, residentId: string, tagCode: string, reason: string, now = new Date()): Promise<void> {
  const why = validReason(reason);
  await assertTag(ctx, tagCode);
  try {
    await ctx.db.transaction(async (tx) => {
      const open = await lockOpenResidency(ctx, tx, residentId, 'residentId');
      const added = await tx
        .insert(residentTags)
        .values({ residentId: open.residentId, tagCode, taggedAt: now, taggedBy: ctx.viewer.id, reason: why })
        .onConflictDoNothing()
        .returning({ id: residentTags.id });
      if (added.length > 0) {
        await publish(tx, { topic: 'resident.tag-added', payload: { residentId: String(open.residentId), tagCode, at: now.toISOString() } });
      }
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export async function untagResident(ctx: BaseContext, residentId: string, tagCode: string, reason: string, now = new Date()): Promise<void> {
  const why = validReason(reason);
  await assertTag(ctx, tagCode);
  await ctx.db.transaction(async (tx) => {
    const open = await lockOpenResidency(ctx, tx, residentId, 'residentId');
    const removed = await tx
      .update(residentTags)
      .set({ untaggedAt: now, untaggedBy: ctx.viewer.id, untagReason: why })
      .where(and(eq(residentTags.residentId, open.residentId), eq(residentTags.tagCode, tagCode), isNull(residentTags.untaggedAt)))
      .returning({ id: residentTags.id });
    if (removed.length > 0) {
      await publish(tx, { topic: 'resident.tag-removed', payload: { residentId: String(open.residentId), tagCode, at: now.toISOString() } });
    }
  });
}
