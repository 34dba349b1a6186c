/**
 * The permit lifecycle: apply, approve (gated by health), reject, revoke.
 *
 * Every change is a permit_events row (who: the viewer; when; why; for an
 * approval the health evidence), and the status cache on work_permits is
 * updated in the same transaction under the permit's row lock (`for update`):
 * of two concurrent changes of one permit, the second sees the first's
 * status and is refused, so two concurrent approvals leave one event.
 *
 * An approval needs the enterprise APPROVED_TO_RESUME, checked before asking
 * health and again under the enterprise's shared row lock, so a concurrent
 * suspension either comes first (and the approval is refused) or after.
 * The health check of an approval is made before the transaction (it is a
 * call to the health subgraph; no row lock is held across it) at the approval
 * instant, which dates the event and starts validity.
 *
 * Expiry happens by time: an APPROVED permit reads EXPIRED from its validTo
 * on (permit.rules.ts effectiveStatus), in reads, in the indexes (active
 * needs validFrom ≤ T < validTo) and in these commands (revoking it is a
 * CONFLICT naming EXPIRED); no job has to run for it.
 */
import { and, eq, sql } from 'drizzle-orm';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import { validReason } from '../../shared/validation.js';
import type { Executor } from '../../shared/db/database.js';
import type { PermitsContext } from '../context.js';
import { enterprises, permitEvents, workPermits, type WorkPermitRow } from '../db.js';
import {
  approvalGate,
  DEFAULT_VALID_DAYS,
  effectiveStatus,
  enterpriseAllowsApproval,
  MAX_VALID_DAYS,
  nextPermitStatus,
  validityOnApproval,
  type PermitAction,
  type PermitStatusValue,
} from './permit.rules.js';
import { effectiveStatusSql } from './permit.queries.js';
import type { ResumptionStatusValue } from '../enterprise/enterprise.rules.js';
import { WorkPermitType } from './permit.type.js';

function idOf(id: string, field: string, what: string): number {
  const value = numericId(id);
  if (value === null) throw badUserInput(field, `${field} "${id}" is not ${what} ID (a positive decimal number).`);
  return value;
}

export async function applyWorkPermit(
  ctx: PermitsContext,
  residentId: string,
  enterpriseId: string,
  type: WorkPermitType = WorkPermitType.ON_SITE,
  now = new Date(),
): Promise<WorkPermitRow> {
  const holderId = idOf(residentId, 'residentId', 'a resident');
  const companyId = idOf(enterpriseId, 'enterpriseId', 'an enterprise');
  // Population owns residents: it answers whether this one exists (and is visible to the viewer).
  const resident = await ctx.peers.resident(holderId);
  if (!resident) throw notFound(`No resident has ID ${residentId}.`);
  if (resident.movedOutAt) throw conflict(`Resident ${residentId} moved out of the district on ${resident.movedOutAt.toISOString()}; no permit can be applied for.`);
  return ctx.db.transaction(async (tx) => {
    // The enterprise's row lock serializes applications to it, so the duplicate check below holds.
    const [enterprise] = await tx.select().from(enterprises).where(eq(enterprises.id, companyId)).for('update');
    if (!enterprise || !ctx.scope.covers(enterprise.communityCode)) throw notFound(`No enterprise has ID ${enterpriseId}.`);
    const [open] = await tx
      .select({ id: workPermits.id, status: effectiveStatusSql(now) })
      .from(workPermits)
      .where(
        and(
          eq(workPermits.residentId, holderId),
          eq(workPermits.enterpriseId, companyId),
          sql`${effectiveStatusSql(now)} in ('PENDING', 'APPROVED')`,
        ),
      )
      .limit(1);
    if (open) {
      throw conflict(`Resident ${residentId} already has permit ${open.id} (${open.status}) at enterprise ${enterpriseId}; decide or revoke it first.`);
    }
    const [permit] = await tx
      .insert(workPermits)
      .values({ residentId: holderId, enterpriseId: companyId, type, status: 'PENDING', appliedAt: now })
      .returning();
    await tx.insert(permitEvents).values({ permitId: permit!.id, fromStatus: null, toStatus: 'PENDING', at: now, actor: ctx.viewer.id, reason: 'applied' });
    return permit!;
  });
}

/**
 * The permit and its enterprise's resumption status, locked (or not) for a change; NOT_FOUND when unknown or its
 * enterprise is outside the viewer's scope. Locked, the enterprise row is shared-locked, so its status cannot
 * change (setEnterpriseResumption locks it for update) before the change commits.
 */
async function permitFor(ctx: PermitsContext, tx: Executor, id: string, lock: boolean): Promise<{ permit: WorkPermitRow; resumption: ResumptionStatusValue }> {
  const permitId = idOf(id, 'id', 'a permit');
  const query = tx.select().from(workPermits).where(eq(workPermits.id, permitId));
  const [permit] = await (lock ? query.for('update') : query);
  const enterpriseQuery = permit
    ? tx.select({ communityCode: enterprises.communityCode, resumption: enterprises.resumptionStatus }).from(enterprises).where(eq(enterprises.id, permit.enterpriseId))
    : null;
  const [enterprise] = enterpriseQuery ? await (lock ? enterpriseQuery.for('share') : enterpriseQuery) : [];
  if (!permit || !enterprise || !ctx.scope.covers(enterprise.communityCode)) throw notFound(`No work permit has ID ${id}.`);
  return { permit, resumption: enterprise.resumption };
}

function transition(permit: WorkPermitRow, action: PermitAction, now: Date): PermitStatusValue {
  const next = nextPermitStatus(effectiveStatus(permit.status, permit.validTo, now), action);
  if (!next.ok) throw conflict(`Cannot ${action} work permit ${permit.id}: ${next.message}.`);
  return next.status;
}

export async function approveWorkPermit(ctx: PermitsContext, id: string, validDays: number | null | undefined, now = new Date()): Promise<WorkPermitRow> {
  const days = validDays ?? DEFAULT_VALID_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_VALID_DAYS) {
    throw badUserInput('validDays', `validDays must be a whole number from 1 to ${MAX_VALID_DAYS} (got ${days}).`);
  }
  // Refuse what cannot be approved before asking health; the checks are repeated under the locks.
  const unlocked = await permitFor(ctx, ctx.db, id, false);
  transition(unlocked.permit, 'approve', now);
  enterpriseGate(unlocked.permit, unlocked.resumption);
  const gate = approvalGate(await ctx.peers.holderHealth(unlocked.permit.residentId), now);
  if (!gate.ok) throw conflict(`Cannot approve work permit ${id}: ${gate.message}.`);
  const { validFrom, validTo } = validityOnApproval(now, days);
  return ctx.db.transaction(async (tx) => {
    const { permit, resumption } = await permitFor(ctx, tx, id, true);
    const to = transition(permit, 'approve', now);
    enterpriseGate(permit, resumption);
    await tx.insert(permitEvents).values({ permitId: permit.id, fromStatus: permit.status, toStatus: to, at: now, actor: ctx.viewer.id, reason: null, evidence: gate.evidence });
    const [updated] = await tx.update(workPermits).set({ status: to, validFrom, validTo }).where(eq(workPermits.id, permit.id)).returning();
    return updated!;
  });
}

/** Approval needs the enterprise APPROVED_TO_RESUME (domain.md): CONFLICT naming its status otherwise. */
function enterpriseGate(permit: WorkPermitRow, resumption: ResumptionStatusValue): void {
  const gate = enterpriseAllowsApproval(resumption);
  if (!gate.ok) throw conflict(`Cannot approve work permit ${permit.id}: ${gate.message} (enterprise ${permit.enterpriseId}).`);
}

/** Reject (PENDING → REJECTED) or revoke (APPROVED → REVOKED), with a reason. */
export async function closeWorkPermit(ctx: PermitsContext, id: string, action: 'reject' | 'revoke', reason: string, now = new Date()): Promise<WorkPermitRow> {
  const why = validReason(reason);
  return ctx.db.transaction(async (tx) => {
    const { permit } = await permitFor(ctx, tx, id, true);
    const to = transition(permit, action, now);
    await tx.insert(permitEvents).values({ permitId: permit.id, fromStatus: permit.status, toStatus: to, at: now, actor: ctx.viewer.id, reason: why });
    const [updated] = await tx.update(workPermits).set({ status: to }).where(eq(workPermits.id, permit.id)).returning();
    return updated!;
  });
}
