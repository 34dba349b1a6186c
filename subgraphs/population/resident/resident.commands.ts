/**
 * Changes to residents. Each runs in one transaction, takes a row lock on the
 * resident's open residency before reading it, and writes its outbox event in
 * the same transaction: a change is stored whole, with its event, or not at all.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import { isUniqueViolation } from '../../shared/db/errors.js';
import { badUserInput, conflict, notFound, ProblemCollector } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import { shanghaiDate } from '../../shared/time.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { households, regions, residencies, residents, type ResidencyRow } from '../db.js';
import type { ResidencyFacts } from '../../shared/events/contracts.js';
import { publish } from '../events.js';
import { RegionLevel } from '../region/region.type.js';
import type { RegisterResidentInput, UpdateResidentInput } from './resident.inputs.js';
import { parseResidentId } from './resident-id.js';
import { notInFuture, validAddress, validIdentityNumber, validName, validPhone } from './resident.rules.js';

type Tx = Executor;

async function assertCommunity(ctx: BaseContext, tx: Tx, code: string, field: string): Promise<void> {
  const [region] = await tx.select().from(regions).where(eq(regions.code, code));
  if (!region || region.level !== RegionLevel.COMMUNITY) {
    throw badUserInput(field, region ? `${code} is a ${region.level.toLowerCase()}, not a community.` : `No community has code "${code}".`);
  }
  ctx.scope.assertCovers(code);
}

/** The household to live in: an existing one (checked to be in the community) or a new one at `address`. */
async function householdFor(
  tx: Tx,
  communityCode: string,
  householdId: string | null | undefined,
  address: string | null | undefined,
  fieldPrefix: string,
): Promise<{ id: number; address: string }> {
  if (householdId != null) {
    const id = numericId(householdId) ?? -1; // -1 matches no household
    const [household] = await tx.select().from(households).where(eq(households.id, id));
    if (!household) throw badUserInput(`${fieldPrefix}.householdId`, `No household has ID "${householdId}".`);
    if (household.communityCode !== communityCode) {
      throw badUserInput(`${fieldPrefix}.householdId`, `Household ${householdId} is in community ${household.communityCode}, not ${communityCode}.`);
    }
    return { id, address: address != null ? validAddress(address, `${fieldPrefix}.address`) : household.address };
  }
  if (address == null) throw badUserInput(`${fieldPrefix}.address`, 'An address is required to start a new household.');
  const validated = validAddress(address, `${fieldPrefix}.address`);
  const [created] = await tx.insert(households).values({ communityCode, address: validated }).returning({ id: households.id });
  return { id: created!.id, address: validated };
}

function factsOf(residency: ResidencyRow, idNumber: string, birthDate: string): ResidencyFacts {
  return {
    residentId: String(residency.residentId),
    idNumber,
    birthDate,
    communityCode: residency.communityCode,
    householdId: String(residency.householdId),
    address: residency.address,
    residencyType: residency.residencyType,
    from: residency.startedAt.toISOString(),
  };
}

export async function registerResident(ctx: BaseContext, input: RegisterResidentInput, now = new Date()): Promise<number> {
  // Every problem of the input at once (one BAD_USER_INPUT, extensions.problems), the community's lookup included.
  const problems = new ProblemCollector();
  const name = problems.check(() => validName(input.name));
  const identity = problems.check(() => validIdentityNumber(input.idNumber, 'input.idNumber', now));
  const phone = problems.check(() => validPhone(input.phone));
  const facts = identity?.facts;
  if (facts && input.gender != null && input.gender !== facts.gender) {
    problems.problems.push({ field: 'input.gender', message: `The identity number encodes ${facts.gender}, not ${input.gender}.` });
  }
  const birthDate = input.birthDate?.toISOString().slice(0, 10);
  if (facts && birthDate !== undefined && birthDate !== facts.birthDate) {
    problems.problems.push({ field: 'input.birthDate', message: `The identity number encodes birth date ${facts.birthDate}, not ${birthDate}.` });
  }
  const movedInAt = problems.check(() => notInFuture(input.movedInAt ?? now, 'input.movedInAt', now));
  // Nobody moves in before they are born (it would also count them in past indexes with a negative age).
  if (facts && movedInAt && shanghaiDate(movedInAt) < facts.birthDate) {
    problems.problems.push({ field: 'input.movedInAt', message: `movedInAt (${movedInAt.toISOString()}) is before the birth date ${facts.birthDate}.` });
  }
  if (input.address != null) problems.check(() => validAddress(input.address!, 'input.address'));
  await problems.checkAsync(() => assertCommunity(ctx, ctx.db, input.communityCode, 'input.communityCode'));
  problems.throwIfAny();
  const idNumber = identity!.idNumber;

  try {
    return await ctx.db.transaction(async (tx) => {
      // Locked so that two registrations of a returning resident cannot both open a period.
      const [existing] = await tx.select({ id: residents.id }).from(residents).where(eq(residents.idNumber, idNumber)).for('update');
      if (existing) await assertReturning(tx, existing.id, movedInAt!);
      const household = await householdFor(tx, input.communityCode, input.householdId, input.address, 'input');
      let residentId: number;
      if (existing) {
        await tx.update(residents).set({ name, phone }).where(eq(residents.id, existing.id));
        residentId = existing.id;
      } else {
        const [created] = await tx
          .insert(residents)
          .values({ name: name!, gender: facts!.gender, birthDate: facts!.birthDate, idNumber, phone: phone! })
          .returning({ id: residents.id });
        residentId = created!.id;
      }
      const [residency] = await tx
        .insert(residencies)
        .values({
          residentId,
          communityCode: input.communityCode,
          householdId: household.id,
          address: household.address,
          residencyType: input.residencyType,
          // Counted from now, when it is recorded; an earlier stated date is kept to show.
          startedAt: now,
          statedStartedAt: movedInAt!.getTime() < now.getTime() ? movedInAt! : null,
        })
        .returning();
      await publish(tx, { topic: 'resident.registered', payload: factsOf(residency!, idNumber, facts!.birthDate) });
      return residentId;
    });
  } catch (error) {
    // Two registrations of one person racing: the unique index decides, the loser gets the same answer as a late retry.
    if (isUniqueViolation(error, 'residents_id_number_idx')) throw duplicateIdentity(null);
    throw error;
  }
}

/**
 * A registered identity number is a duplicate while its resident lives here. A moved-out resident who comes
 * back is registered again (what updateResident's CONFLICT tells the caller to do): the same person, a new
 * residency period, which must start after the last one ended or they would count twice at instants in both.
 */
async function assertReturning(tx: Tx, residentId: number, movedInAt: Date): Promise<void> {
  const [last] = await tx
    .select()
    .from(residencies)
    .where(eq(residencies.residentId, residentId))
    .orderBy(desc(residencies.startedAt), desc(residencies.id))
    .limit(1);
  if (!last || last.endedAt === null) throw duplicateIdentity(residentId);
  const left = last.statedEndedAt ?? last.endedAt;
  if (movedInAt.getTime() < left.getTime()) {
    throw badUserInput('input.movedInAt', `movedInAt is before this resident last moved out (${left.toISOString()}).`);
  }
}

function duplicateIdentity(existingId: number | null) {
  return conflict(
    `A resident with this identity number is already registered${existingId === null ? '' : ` (ID ${existingId})`}; update that resident instead.`,
  );
}

/** Locks and returns the open residency of a current resident. */
export async function lockOpenResidency(ctx: BaseContext, tx: Tx, id: string, field: string): Promise<ResidencyRow> {
  const residentId = parseResidentId(id, field);
  const [open] = await tx
    .select()
    .from(residencies)
    .where(and(eq(residencies.residentId, residentId), isNull(residencies.endedAt)))
    .for('update');
  if (!open || !ctx.scope.covers(open.communityCode)) {
    const [known] = await tx.select({ id: residents.id }).from(residents).where(eq(residents.id, residentId));
    if (!known) throw notFound(`No resident has ID ${id}.`);
    if (open) throw notFound(`No resident has ID ${id}.`); // outside the viewer's scope: indistinguishable from unknown
    throw conflict(`Resident ${id} has moved out; a moved-out resident cannot be changed (register them again on return).`);
  }
  return open;
}

export async function updateResident(ctx: BaseContext, id: string, input: UpdateResidentInput, now = new Date()): Promise<void> {
  const problems = new ProblemCollector();
  const name = input.name != null ? problems.check(() => validName(input.name!)) : undefined;
  const phone = input.phone != null ? problems.check(() => validPhone(input.phone!)) : undefined;
  if (input.address != null) problems.check(() => validAddress(input.address!));
  problems.throwIfAny();
  await ctx.db.transaction(async (tx) => {
    const open = await lockOpenResidency(ctx, tx, id, 'id');
    if (name !== undefined || phone !== undefined) {
      await tx.update(residents).set({ name, phone }).where(eq(residents.id, open.residentId));
    }
    const communityCode = input.communityCode ?? open.communityCode;
    if (input.communityCode != null) await assertCommunity(ctx, tx, communityCode, 'input.communityCode');
    const residencyChanged =
      communityCode !== open.communityCode ||
      (input.householdId != null && input.householdId !== String(open.householdId)) ||
      (input.address != null && input.address.trim() !== open.address) ||
      (input.residencyType != null && input.residencyType !== open.residencyType);
    if (!residencyChanged) return;

    const household =
      communityCode === open.communityCode && input.householdId == null
        ? { id: open.householdId, address: input.address != null ? validAddress(input.address) : open.address }
        : await householdFor(tx, communityCode, input.householdId, input.address, 'input');
    if (now.getTime() < open.startedAt.getTime()) throw conflict(`Resident ${id}'s current residency starts in the future; change it after ${open.startedAt.toISOString()}.`);
    await tx.update(residencies).set({ endedAt: now, endReason: 'CHANGED' }).where(eq(residencies.id, open.id));
    const [next] = await tx
      .insert(residencies)
      .values({
        residentId: open.residentId,
        communityCode,
        householdId: household.id,
        address: household.address,
        residencyType: input.residencyType ?? open.residencyType,
        startedAt: now,
      })
      .returning();
    const [person] = await tx.select().from(residents).where(eq(residents.id, open.residentId));
    await publish(tx, { topic: 'resident.residency-changed', payload: factsOf(next!, person!.idNumber, person!.birthDate) });
  });
}

/**
 * Ends the resident's residency now, when it is recorded: a move-out is an administrative fact, so an earlier
 * stated `movedOutAt` is kept to show but does not change past numbers.
 */
export async function moveOutResident(ctx: BaseContext, id: string, movedOutAt: Date | null, now = new Date()): Promise<void> {
  const stated = notInFuture(movedOutAt ?? now, 'movedOutAt', now);
  await ctx.db.transaction(async (tx) => {
    const open = await lockOpenResidency(ctx, tx, id, 'id');
    const began = open.statedStartedAt ?? open.startedAt;
    if (stated.getTime() < began.getTime()) {
      throw badUserInput('movedOutAt', `movedOutAt is before the current residency began (${began.toISOString()}).`);
    }
    await endResidency(tx, open, now, 'MOVED_OUT', stated.getTime() < now.getTime() ? stated : null);
  });
}

/** Ends an open residency at `at` (a move-out or a death) and tells the other subgraphs. */
export async function endResidency(tx: Executor, open: ResidencyRow, at: Date, reason: 'MOVED_OUT' | 'DECEASED', statedEndedAt: Date | null = null): Promise<void> {
  await tx.update(residencies).set({ endedAt: at, endReason: reason, statedEndedAt }).where(eq(residencies.id, open.id));
  await publish(tx, { topic: 'resident.moved-out', payload: { residentId: String(open.residentId), movedOutAt: at.toISOString(), reason } });
}
