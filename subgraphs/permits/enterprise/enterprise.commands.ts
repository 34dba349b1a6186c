/**
 * Registering enterprises and changing their resumption status. Every status
 * change is a row of enterprise_status_changes (who, when, why), and the
 * cache on enterprises is updated in the same transaction, under the
 * enterprise's row lock, so concurrent changes serialize.
 *
 * A community is checked with its owner, population (an entity fetch of the
 * Region): it must exist, be a community and lie within the viewer's scope.
 */
import { eq } from 'drizzle-orm';
import { parseCreditCode } from './credit-code.js';
import { isUniqueViolation } from '../../shared/db/errors.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { PermitsContext } from '../context.js';
import { enterprises, enterpriseStatusChanges, type EnterpriseRow } from '../db.js';
import { resumptionChange, type ResumptionStatusValue } from './enterprise.rules.js';
import type { RegisterEnterpriseInput } from './enterprise.type.js';
import { requiredText, validCommunityCode, validReason } from '../../shared/validation.js';

export async function registerEnterprise(ctx: PermitsContext, input: RegisterEnterpriseInput, now = new Date()): Promise<EnterpriseRow> {
  const parsed = parseCreditCode(input.creditCode);
  if (!parsed.ok) throw badUserInput('input.creditCode', parsed.message);
  const creditCode = parsed.parts.code;
  const name = requiredText(input.name, 'input.name', 200, 'A name');
  const industry = requiredText(input.industry, 'input.industry', 100, 'An industry');
  validCommunityCode(input.communityCode, 'input.communityCode');
  ctx.scope.assertCovers(input.communityCode);
  if ((await ctx.peers.regionLevel(input.communityCode)) !== 'COMMUNITY') {
    throw badUserInput('input.communityCode', `No community has code ${input.communityCode}.`);
  }
  const taken = () => conflict(`An enterprise with credit code ${creditCode} is already registered.`);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(enterprises)
        .values({ creditCode, name, industry, communityCode: input.communityCode, resumptionStatus: 'NOT_RESUMED', createdAt: now })
        .returning();
      // The first change: the status holds from registration, so the status at any instant comes from history alone.
      await tx.insert(enterpriseStatusChanges).values({ enterpriseId: row!.id, status: 'NOT_RESUMED', at: now, actor: ctx.viewer.id, reason: 'registered' });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'enterprises_credit_code_idx')) throw taken();
    throw error;
  }
}

export async function setEnterpriseResumption(
  ctx: PermitsContext,
  id: string,
  status: ResumptionStatusValue,
  reason: string,
  now = new Date(),
): Promise<EnterpriseRow> {
  const enterpriseId = numericId(id);
  if (enterpriseId === null) throw badUserInput('id', `id "${id}" is not an enterprise ID (a positive decimal number).`);
  const why = validReason(reason);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(enterprises).where(eq(enterprises.id, enterpriseId)).for('update');
    if (!row || !ctx.scope.covers(row.communityCode)) throw notFound(`No enterprise has ID ${id}.`);
    const change = resumptionChange(row.resumptionStatus, status);
    if (!change.ok) throw conflict(`Cannot set enterprise ${id} to ${status}: ${change.message}.`);
    await tx.insert(enterpriseStatusChanges).values({ enterpriseId, status, at: now, actor: ctx.viewer.id, reason: why });
    const [updated] = await tx.update(enterprises).set({ resumptionStatus: status }).where(eq(enterprises.id, enterpriseId)).returning();
    return updated!;
  });
}
