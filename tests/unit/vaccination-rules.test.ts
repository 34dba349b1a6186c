/**
 * The vaccination rules (subgraphs/health/vaccination/vaccination.rules.ts):
 * primary series by dose 1's product, fully vaccinated / boosted boundaries for
 * every product, status at an instant, and judging the next dose to record.
 */
import { describe, expect, test } from 'vitest';
import {
  judgeNextDose,
  PRIMARY_SERIES_DOSES,
  primarySeriesDoses,
  vaccinationStatusAt,
  type DoseRecord,
  type VaccineProductCode,
} from '../../subgraphs/health/vaccination/vaccination.rules.js';

const DAY = 24 * 3600 * 1000;
const START = new Date('2021-03-01T02:00:00Z');
const LATER = new Date('2023-01-01T00:00:00Z');

/** `products[i]` given as dose i + 1, 30 days apart from START. */
function series(...products: VaccineProductCode[]): DoseRecord[] {
  return products.map((product, i) => ({
    doseNumber: i + 1,
    product,
    administeredAt: new Date(START.getTime() + i * 30 * DAY),
    site: 'Xiayang Community Health Centre',
    batch: `B${i + 1}`,
  }));
}

describe('primary series', () => {
  test('has the length domain.md gives each product', () => {
    expect(PRIMARY_SERIES_DOSES).toEqual({ SINOPHARM_BIBP: 2, SINOVAC_CORONAVAC: 2, CANSINO_AD5: 1, ZF2001: 3 });
    expect(primarySeriesDoses('ZF2001')).toBe(3);
    expect(primarySeriesDoses('CANSINO_AD5')).toBe(1);
  });

  // For every product: one dose short, exactly complete, one beyond.
  test.each([
    ['SINOPHARM_BIBP', 2],
    ['SINOVAC_CORONAVAC', 2],
    ['CANSINO_AD5', 1],
    ['ZF2001', 3],
  ] as const)('%s: fully vaccinated from dose %i, boosted from the next', (product, primary) => {
    for (let count = 0; count <= primary + 2; count++) {
      const status = vaccinationStatusAt(series(...Array<VaccineProductCode>(count).fill(product)), LATER);
      expect(status.doses, `${count} doses`).toBe(count);
      expect(status.primarySeriesDoses).toBe(count === 0 ? null : primary);
      expect(status.fullyVaccinated, `${count} doses`).toBe(count >= primary);
      expect(status.boosted, `${count} doses`).toBe(count > primary);
    }
  });

  test('comes from dose 1 only: later doses of another product neither lengthen nor shorten it', () => {
    // One CanSino dose is a complete series; a second dose of anything is a booster.
    const cansinoThenSinopharm = vaccinationStatusAt(series('CANSINO_AD5', 'SINOPHARM_BIBP'), LATER);
    expect(cansinoThenSinopharm).toMatchObject({ doses: 2, primarySeriesDoses: 1, fullyVaccinated: true, boosted: true });
    // Two inactivated doses then ZF2001: boosted, although ZF2001 alone needs three.
    expect(vaccinationStatusAt(series('SINOVAC_CORONAVAC', 'SINOVAC_CORONAVAC', 'ZF2001'), LATER)).toMatchObject({
      primarySeriesDoses: 2,
      fullyVaccinated: true,
      boosted: true,
    });
    // ZF2001 first, then two CanSino doses: three doses of a three-dose series, complete but not boosted.
    expect(vaccinationStatusAt(series('ZF2001', 'CANSINO_AD5', 'CANSINO_AD5'), LATER)).toMatchObject({
      primarySeriesDoses: 3,
      fullyVaccinated: true,
      boosted: false,
    });
    // Sinopharm then Sinovac (the other inactivated product) completes the series.
    expect(vaccinationStatusAt(series('SINOPHARM_BIBP', 'SINOVAC_CORONAVAC'), LATER)).toMatchObject({ fullyVaccinated: true, boosted: false });
  });
});

describe('status at an instant', () => {
  const doses = series('SINOPHARM_BIBP', 'SINOPHARM_BIBP', 'ZF2001'); // START, +30 d, +60 d

  test('counts only doses administered at or before the instant', () => {
    const justBefore = (i: number) => new Date(doses[i]!.administeredAt.getTime() - 1);
    expect(vaccinationStatusAt(doses, justBefore(0))).toMatchObject({ doses: 0, fullyVaccinated: false, boosted: false, lastDoseAt: null, history: [] });
    expect(vaccinationStatusAt(doses, doses[0]!.administeredAt)).toMatchObject({ doses: 1, fullyVaccinated: false, boosted: false });
    expect(vaccinationStatusAt(doses, justBefore(1))).toMatchObject({ doses: 1, fullyVaccinated: false });
    expect(vaccinationStatusAt(doses, doses[1]!.administeredAt)).toMatchObject({ doses: 2, fullyVaccinated: true, boosted: false });
    expect(vaccinationStatusAt(doses, justBefore(2))).toMatchObject({ doses: 2, boosted: false });
    expect(vaccinationStatusAt(doses, doses[2]!.administeredAt)).toMatchObject({ doses: 3, fullyVaccinated: true, boosted: true });
  });

  test('lastDoseAt is the latest counted dose, and history lists the counted doses by number', () => {
    const status = vaccinationStatusAt([...doses].reverse(), new Date(doses[1]!.administeredAt.getTime() + DAY));
    expect(status.lastDoseAt).toEqual(doses[1]!.administeredAt);
    expect(status.lastDoseAt).not.toBe(doses[1]!.administeredAt); // a copy: callers may change it
    expect(status.history.map((d) => d.doseNumber)).toEqual([1, 2]);
  });

  test('no dose: nothing, with no primary series', () => {
    expect(vaccinationStatusAt([], LATER)).toEqual({ doses: 0, primarySeriesDoses: null, fullyVaccinated: false, boosted: false, lastDoseAt: null, history: [] });
  });

  test('does not reorder or change the caller\'s array', () => {
    const input = [...doses].reverse();
    const copy = [...input];
    vaccinationStatusAt(input, LATER);
    expect(input).toEqual(copy);
  });

  test('without dose 1 in the data, the series comes from the lowest-numbered dose counted', () => {
    const [, second, third] = doses;
    expect(vaccinationStatusAt([third!, second!], LATER)).toMatchObject({ doses: 2, primarySeriesDoses: 2, fullyVaccinated: true, boosted: false });
  });
});

describe('judging the next dose to record', () => {
  const recorded = series('SINOVAC_CORONAVAC', 'SINOVAC_CORONAVAC');
  const next = (overrides: Partial<DoseRecord> = {}): DoseRecord => ({
    doseNumber: 3,
    product: 'ZF2001',
    administeredAt: new Date(recorded[1]!.administeredAt.getTime() + 180 * DAY),
    site: 'Zhaoxiang Vaccination Point',
    batch: 'Z2022-01',
    ...overrides,
  });

  test('the first dose of an unvaccinated resident is dose 1, any product', () => {
    expect(judgeNextDose([], next({ doseNumber: 1 }))).toEqual({ kind: 'NEXT' });
    expect(judgeNextDose([], next({ doseNumber: 2 }))).toEqual({ kind: 'OUT_OF_ORDER', expected: 1 });
    expect(judgeNextDose([], next({ doseNumber: 0 }))).toEqual({ kind: 'OUT_OF_ORDER', expected: 1 });
  });

  test('the next number is the count so far + 1; a gap is out of order', () => {
    expect(judgeNextDose(recorded, next())).toEqual({ kind: 'NEXT' });
    expect(judgeNextDose(recorded, next({ doseNumber: 4 }))).toEqual({ kind: 'OUT_OF_ORDER', expected: 3 });
    expect(judgeNextDose(recorded, next({ doseNumber: -1 }))).toEqual({ kind: 'OUT_OF_ORDER', expected: 3 });
  });

  test('a recorded number is identical only with the same product, instant, site and batch', () => {
    expect(judgeNextDose(recorded, { ...recorded[1]! })).toEqual({ kind: 'ALREADY_RECORDED', recorded: recorded[1], identical: true });
    for (const change of [
      { product: 'SINOPHARM_BIBP' as const },
      { administeredAt: new Date(recorded[1]!.administeredAt.getTime() + 1) },
      { site: 'Elsewhere' },
      { batch: 'B9' },
    ]) {
      expect(judgeNextDose(recorded, { ...recorded[1]!, ...change })).toMatchObject({ kind: 'ALREADY_RECORDED', identical: false });
    }
  });

  test('must be administered strictly after the latest recorded dose', () => {
    const previousAt = recorded[1]!.administeredAt;
    expect(judgeNextDose(recorded, next({ administeredAt: new Date(previousAt.getTime() - 1) }))).toEqual({ kind: 'NOT_AFTER_PREVIOUS', previous: recorded[1] });
    expect(judgeNextDose(recorded, next({ administeredAt: previousAt }))).toEqual({ kind: 'NOT_AFTER_PREVIOUS', previous: recorded[1] });
    expect(judgeNextDose(recorded, next({ administeredAt: new Date(previousAt.getTime() + 1) }))).toEqual({ kind: 'NEXT' });
    // Before dose 1 too, of course.
    expect(judgeNextDose(recorded, next({ administeredAt: new Date(START.getTime() - DAY) }))).toMatchObject({ kind: 'NOT_AFTER_PREVIOUS' });
  });
});
