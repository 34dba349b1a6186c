import { describe, expect, test } from 'vitest';
import {
  approvalGate,
  effectiveStatus,
  nextPermitStatus,
  validityOnApproval,
  withinValidity,
  type HolderHealth,
  type PermitAction,
  type PermitStatusValue,
} from '../../subgraphs/permits/permit/permit.rules.js';
import { resumptionChange, type ResumptionStatusValue } from '../../subgraphs/permits/enterprise/enterprise.rules.js';

const STATUSES: PermitStatusValue[] = ['PENDING', 'APPROVED', 'REJECTED', 'REVOKED', 'EXPIRED'];
const ACTIONS: PermitAction[] = ['approve', 'reject', 'revoke', 'expire'];
const LEGAL: Record<string, PermitStatusValue> = {
  'PENDING approve': 'APPROVED',
  'PENDING reject': 'REJECTED',
  'APPROVED revoke': 'REVOKED',
  'APPROVED expire': 'EXPIRED',
};

describe('permit transitions (domain.md: PENDING → APPROVED | REJECTED; APPROVED → REVOKED | EXPIRED)', () => {
  for (const from of STATUSES) {
    for (const action of ACTIONS) {
      const legal = LEGAL[`${from} ${action}`];
      test(`${action} from ${from}: ${legal ?? 'refused'}`, () => {
        const next = nextPermitStatus(from, action);
        if (legal) expect(next).toEqual({ ok: true, status: legal });
        else {
          expect(next.ok).toBe(false);
          if (!next.ok) expect(next.message).toContain(`the permit is ${from}`);
        }
      });
    }
  }
});

describe('expiry by time and validity', () => {
  const from = new Date('2024-03-01T00:00:00Z');
  const { validFrom, validTo } = validityOnApproval(from, 30);
  test('validTo = validFrom + days', () => {
    expect(validFrom).toEqual(from);
    expect(validTo.toISOString()).toBe('2024-03-31T00:00:00.000Z');
  });
  test('an APPROVED permit reads EXPIRED from validTo on (exclusive end)', () => {
    expect(effectiveStatus('APPROVED', validTo, new Date(validTo.getTime() - 1))).toBe('APPROVED');
    expect(effectiveStatus('APPROVED', validTo, validTo)).toBe('EXPIRED');
    expect(effectiveStatus('REVOKED', validTo, new Date(validTo.getTime() + 1))).toBe('REVOKED');
    expect(effectiveStatus('PENDING', null, validTo)).toBe('PENDING');
  });
  test('within validity: APPROVED and validFrom ≤ at < validTo', () => {
    expect(withinValidity('APPROVED', validFrom, validTo, validFrom)).toBe(true);
    expect(withinValidity('APPROVED', validFrom, validTo, new Date(validFrom.getTime() - 1))).toBe(false);
    expect(withinValidity('APPROVED', validFrom, validTo, validTo)).toBe(false);
    expect(withinValidity('REVOKED', validFrom, validTo, validFrom)).toBe(false);
  });
});

describe('the health gate of approval', () => {
  const at = new Date('2024-03-01T12:00:00Z');
  const H = 3600 * 1000;
  const ago = (ms: number) => new Date(at.getTime() - ms);
  const green: HolderHealth['code'] = { color: 'GREEN', reasons: [] };
  const negative = (sampledAgo: number, resultAgo = sampledAgo - 1) => ({ sampledAt: ago(sampledAgo), result: 'NEGATIVE' as const, resultAt: ago(resultAgo) });

  test('GREEN and a negative sample 47 h ago: approved, with the evidence', () => {
    const gate = approvalGate({ code: green, samples: [negative(47 * H)] }, at);
    expect(gate).toEqual({
      ok: true,
      evidence: {
        checkedAt: at.toISOString(),
        codeColor: 'GREEN',
        codeReasons: [],
        sample: { sampledAt: ago(47 * H).toISOString(), result: 'NEGATIVE', resultAt: ago(47 * H - 1).toISOString() },
      },
    });
  });

  test('the 48 h edge: a sample exactly 48 h old counts, one 48 h + 1 ms old does not (the window is [at − 48 h, at])', () => {
    expect(approvalGate({ code: green, samples: [negative(48 * H, 1)] }, at).ok).toBe(true);
    const edge = approvalGate({ code: green, samples: [negative(48 * H + 1, 1)] }, at);
    expect(edge.ok).toBe(false);
    if (!edge.ok) expect(edge.message).toMatch(/no negative nucleic-acid result for a sample taken within the 48 h/);
  });

  test('a sample taken after the approval instant does not count', () => {
    expect(approvalGate({ code: green, samples: [{ sampledAt: new Date(at.getTime() + 1), result: 'NEGATIVE', resultAt: new Date(at.getTime() + 2) }] }, at).ok).toBe(false);
  });

  test('the result must be known at the approval instant', () => {
    expect(approvalGate({ code: green, samples: [negative(10 * H, 0)] }, at).ok).toBe(true);
    expect(approvalGate({ code: green, samples: [{ ...negative(10 * H), resultAt: new Date(at.getTime() + 1) }] }, at).ok).toBe(false);
    expect(approvalGate({ code: green, samples: [{ sampledAt: ago(10 * H), result: 'PENDING', resultAt: null }] }, at).ok).toBe(false);
  });

  test('the latest final result in the window decides: a later POSITIVE refuses; INVALID and PENDING are skipped', () => {
    const positive = { sampledAt: ago(5 * H), result: 'POSITIVE' as const, resultAt: ago(H) };
    const refused = approvalGate({ code: green, samples: [negative(30 * H), positive] }, at);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/is POSITIVE/);
    const invalid = { sampledAt: ago(2 * H), result: 'INVALID' as const, resultAt: ago(H) };
    expect(approvalGate({ code: green, samples: [negative(30 * H), invalid] }, at).ok).toBe(true);
    // An older positive followed by a negative retest: the retest decides.
    expect(approvalGate({ code: green, samples: [{ ...positive, sampledAt: ago(40 * H), resultAt: ago(30 * H) }, negative(5 * H)] }, at).ok).toBe(true);
  });

  test.each([
    [{ color: 'YELLOW' as const, reasons: ['NO_RECENT_TEST'] }, "the holder's health code is YELLOW (NO_RECENT_TEST)"],
    [{ color: 'RED' as const, reasons: ['POOL_POSITIVE_PENDING_RETEST', 'HOME_OBSERVATION'] }, "the holder's health code is RED (POOL_POSITIVE_PENDING_RETEST, HOME_OBSERVATION)"],
    [null, 'the health subgraph has no health code for the holder yet'],
  ])('a code that is not GREEN refuses, whatever the samples: %j', (code, message) => {
    const gate = approvalGate({ code, samples: [negative(H)] }, at);
    expect(gate).toMatchObject({ ok: false, message });
  });
});

describe('resumption changes', () => {
  const all: ResumptionStatusValue[] = ['NOT_RESUMED', 'APPROVED_TO_RESUME', 'SUSPENDED'];
  const legal = new Set(['NOT_RESUMED>APPROVED_TO_RESUME', 'APPROVED_TO_RESUME>SUSPENDED', 'SUSPENDED>APPROVED_TO_RESUME']);
  for (const from of all) {
    for (const to of all) {
      test(`${from} → ${to}: ${legal.has(`${from}>${to}`) ? 'allowed' : 'refused'}`, () => {
        const change = resumptionChange(from, to);
        expect(change.ok).toBe(legal.has(`${from}>${to}`));
        if (!change.ok) expect(change.message).toContain(`the enterprise is ${from}`);
      });
    }
  }
});
