/** The case status machine (pure rules): every action from every status. */
import { describe, expect, test } from 'vitest';
import { isActive, transition, type CaseAction, type CaseStatusValue } from '../../subgraphs/cases/case/case.rules.js';

const STATUSES: CaseStatusValue[] = ['REPORTED', 'TRANSFERRED', 'DISCHARGED', 'DECEASED'];
const EXPECTED: Record<CaseAction, Partial<Record<CaseStatusValue, CaseStatusValue>>> = {
  transfer: { REPORTED: 'TRANSFERRED', TRANSFERRED: 'TRANSFERRED' },
  discharge: { TRANSFERRED: 'DISCHARGED' },
  death: { REPORTED: 'DECEASED', TRANSFERRED: 'DECEASED' },
  reclassify: { REPORTED: 'REPORTED', TRANSFERRED: 'TRANSFERRED' },
};

describe('transition', () => {
  for (const [action, legal] of Object.entries(EXPECTED) as [CaseAction, Partial<Record<CaseStatusValue, CaseStatusValue>>][]) {
    for (const from of STATUSES) {
      const to = legal[from];
      test(`${action} from ${from}: ${to ? `→ ${to}` : 'refused'}`, () => {
        const result = transition(from, action);
        if (to) expect(result).toEqual({ ok: true, status: to });
        else expect(result).toMatchObject({ ok: false, reason: expect.any(String) });
      });
    }
  }

  test('discharge from REPORTED says to transfer first', () => {
    expect(transition('REPORTED', 'discharge')).toMatchObject({ ok: false, reason: expect.stringContaining('transfer it') });
  });

  test('active statuses are REPORTED and TRANSFERRED', () => {
    expect(STATUSES.filter(isActive)).toEqual(['REPORTED', 'TRANSFERRED']);
  });
});
