import { describe, expect, test } from 'vitest';
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, makeCreditCode, organizationCodeCheckCharacter, parseCreditCode } from '../../subgraphs/permits/enterprise/credit-code.js';

/** Published codes of real enterprises. */
const REAL = ['91350100M000100Y43', '91110000600037341L', '91310000717854505W', '91440300708461136T'];

describe('parseCreditCode (GB 32100)', () => {
  test.each(REAL)('accepts the real code %s, with its parts', (code) => {
    const parsed = parseCreditCode(code);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.parts.code).toBe(code);
      expect(parsed.parts.divisionCode).toBe(code.slice(2, 8));
      expect(parsed.parts.organizationCode).toBe(code.slice(8, 17));
      expect(parsed.parts.organizationCodeChecks).toBe(true);
    }
  });

  test('the check character: 31 − (Σ value × 3^i mod 31) mod 31, in the 31-character alphabet', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('91110000600037341')).toBe('L');
    // All zeros sum to 0: (31 − 0) mod 31 = 0.
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
  });

  test('every single substituted character is caught', () => {
    const code = REAL[0]!;
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_ALPHABET) {
        if (c === code[i]) continue;
        const typo = code.slice(0, i) + c + code.slice(i + 1);
        // Positions 3–8 must stay digits; a letter there fails the shape, which is fine too.
        expect(parseCreditCode(typo).ok, typo).toBe(false);
      }
    }
  });

  test('swapping two adjacent different characters is caught', () => {
    for (const code of REAL) {
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(parseCreditCode(swapped).ok, swapped).toBe(false);
      }
    }
  });

  test('lower case and surrounding spaces are accepted and normalised', () => {
    const parsed = parseCreditCode('  91350100m000100y43 ');
    expect(parsed).toMatchObject({ ok: true, parts: { code: '91350100M000100Y43' } });
  });

  test.each([
    ['9135010', /18 characters \(got 7\)/],
    ['91350100M000100Y433', /18 characters \(got 19\)/],
    ['91350100I000100Y43', /"I" cannot appear/],
    ['91350100O000100Y43', /"O" cannot appear/],
    ['9135-100M000100Y43', /"-" cannot appear/],
    ['91A50100M000100Y43', /division code/],
    ['91350100M000100Y44', /should be 3, not 4/],
  ])('refuses %s with a message a person can act on', (code, message) => {
    const parsed = parseCreditCode(code);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  test('the embedded organization code (GB 11714) is checked and reported, not enforced', () => {
    expect(organizationCodeCheckCharacter('60003734')).toBe('1');
    expect(organizationCodeCheckCharacter('M000100Y')).toBe('4');
    // A code whose GB 32100 check is right but whose organization-code check is wrong.
    const first17 = '91310118' + '12345678' + '0';
    const code = first17 + creditCodeCheckCharacter(first17);
    expect(parseCreditCode(code)).toMatchObject({ ok: true, parts: { organizationCodeChecks: organizationCodeCheckCharacter('12345678') === '0' } });
  });

  test('makeCreditCode builds valid codes with both checks', () => {
    for (const body of ['00000001', '12345678', 'MA1JL6XA', '99999999']) {
      const code = makeCreditCode('91', '310118', body);
      expect(parseCreditCode(code)).toMatchObject({ ok: true, parts: { organizationCodeChecks: true, divisionCode: '310118' } });
    }
  });
});
