/**
 * Recording a vaccine dose. Input that can never succeed is refused before
 * the database is touched; then one transaction locks the resident (their
 * health.people row), judges the dose against every dose already recorded
 * (vaccination.rules.ts) and inserts one row, or nothing.
 *
 * Two recordings of the same dose at once: the lock makes the second wait and
 * then see the first, so it gets the answer a late retry gets (success when
 * identical, CONFLICT otherwise). The unique index (resident, dose number)
 * remains the last word should anything slip past the lock.
 *
 * Decisions where domain.md is silent:
 * - A resident is known to health when the population projection has them
 *   (health.people); residents who have moved out keep their record and may
 *   still have doses recorded (late paperwork for a dose given here).
 * - The viewer's scope is checked against the community the resident lives
 *   (or last lived) in; outside it, the resident is NOT_FOUND, as in population.
 * - The dose's calendar day (Asia/Shanghai) may be the birth date itself, not
 *   earlier. No minimum age is enforced.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import { isUniqueViolation } from '../../shared/db/errors.js';
import { badUserInput, conflict } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { shanghaiDate } from '../../shared/time.js';
import { doses, people, type DoseRow } from '../db.js';
import { knownResident } from '../resident/known-resident.js';
import type { RecordVaccinationInput } from './vaccination.inputs.js';
import { dosesOf } from './vaccination.queries.js';
import { judgeNextDose, type DoseRecord } from './vaccination.rules.js';
import { requiredText } from '../../shared/validation.js';

const DOSE_INDEX = 'doses_resident_dose_idx';

/** The dose as it would be stored, or BAD_USER_INPUT for what is wrong without looking anything up. */
function validDose(input: RecordVaccinationInput, now: Date): { residentId: number; dose: DoseRecord } {
  const residentId = numericId(input.residentId);
  if (residentId === null) throw badUserInput('input.residentId', `residentId "${input.residentId}" is not a resident ID (a positive decimal number).`);
  if (!Number.isInteger(input.doseNumber) || input.doseNumber < 1) {
    throw badUserInput('input.doseNumber', `doseNumber ${input.doseNumber} is not a dose number: doses are numbered 1, 2, 3… in the order given.`);
  }
  if (input.administeredAt.getTime() > now.getTime()) {
    throw badUserInput('input.administeredAt', `administeredAt (${input.administeredAt.toISOString()}) is in the future; record a dose once it has been given.`);
  }
  return {
    residentId,
    dose: {
      doseNumber: input.doseNumber,
      product: input.product,
      administeredAt: input.administeredAt,
      site: requiredText(input.site, 'input.site', 200, 'A site'),
      batch: requiredText(input.batch, 'input.batch', 64, 'A batch number'),
    },
  };
}

/** Locks the resident for this transaction and returns their birth date; NOT_FOUND when unknown or out of scope. */
async function lockResident(ctx: BaseContext, tx: Executor, residentId: number, id: string): Promise<string> {
  await knownResident(ctx, tx, id, { field: 'input.residentId', lock: true });
  const [person] = await tx.select({ birthDate: people.birthDate }).from(people).where(eq(people.residentId, residentId));
  return person!.birthDate;
}

function describe(dose: DoseRecord): string {
  return `${dose.product} at ${dose.administeredAt.toISOString()}, site "${dose.site}", batch "${dose.batch}"`;
}

function duplicateDose(recorded: DoseRecord, id: string) {
  return conflict(
    `Dose ${recorded.doseNumber} of resident ${id} is already recorded with other details (${describe(recorded)}); a recorded dose is not changed by recording it again.`,
  );
}

/**
 * Records the next dose of a resident, as `ctx.viewer`. Returns the resident's doses afterwards; re-sending a
 * recorded dose exactly changes nothing and returns the same.
 */
export async function recordVaccination(ctx: BaseContext, input: RecordVaccinationInput, now = new Date()): Promise<DoseRow[]> {
  const { residentId, dose } = validDose(input, now);
  try {
    return await ctx.db.transaction(async (tx) => {
      const birthDate = await lockResident(ctx, tx, residentId, input.residentId);
      if (shanghaiDate(dose.administeredAt) < birthDate) {
        throw badUserInput('input.administeredAt', `administeredAt (${dose.administeredAt.toISOString()}) is before the resident's birth date ${birthDate}.`);
      }
      const recorded = await dosesOf(tx, [residentId]);
      const verdict = judgeNextDose(recorded, dose);
      switch (verdict.kind) {
        case 'ALREADY_RECORDED':
          if (verdict.identical) return recorded;
          throw duplicateDose(verdict.recorded, input.residentId);
        case 'OUT_OF_ORDER':
          throw badUserInput(
            'input.doseNumber',
            `Dose ${dose.doseNumber} is out of order: ${recorded.length} dose(s) recorded, so the next is dose ${verdict.expected}.`,
          );
        case 'NOT_AFTER_PREVIOUS':
          throw badUserInput(
            'input.administeredAt',
            `administeredAt (${dose.administeredAt.toISOString()}) is not after dose ${verdict.previous.doseNumber} (${verdict.previous.administeredAt.toISOString()}); doses are given one after another.`,
          );
        case 'NEXT':
          break;
      }
      await tx.insert(doses).values({ residentId, ...dose, recordedBy: ctx.viewer.id });
      return dosesOf(tx, [residentId]);
    });
  } catch (error) {
    if (!isUniqueViolation(error, DOSE_INDEX)) throw error;
    // Lost a race the lock should have prevented: answer as a late retry would be answered.
    const recorded = await dosesOf(ctx.db, [residentId]);
    const verdict = judgeNextDose(recorded, dose);
    if (verdict.kind === 'ALREADY_RECORDED' && verdict.identical) return recorded;
    const same = recorded.find((row) => row.doseNumber === dose.doseNumber);
    throw same ? duplicateDose(same, input.residentId) : conflict(`Dose ${dose.doseNumber} of resident ${input.residentId} was being recorded at the same time; read the resident's vaccination and retry.`);
  }
}
