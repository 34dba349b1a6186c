/**
 * GB 11643 identity numbers and mainland mobile numbers. The known-valid
 * numbers below were checked by hand with the ISO 7064 MOD 11-2 weights
 * (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; sum mod 11 → "10X98765432"), so the
 * tests do not merely repeat the implementation.
 */
import { describe, expect, test } from 'vitest';
import { identityCheckCharacter, isMobilePhone, parseIdentityNumber, withCheckCharacter } from '../../subgraphs/population/resident/identity.js';

/**
 * Hand-computed examples:
 * - 11010519491231002X: Σ = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167, 167 mod 11 = 2 → X. Female (2), 1949-12-31.
 * - 440524188001010014: Σ = 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195, 195 mod 11 = 8 → 4. Male (1), 1880-01-01.
 * - 310118199006150011: Σ = 21+9+0+5+8+32+2+9+54+0+0+54+10+25+0+0+2 = 231, 231 mod 11 = 0 → 1. Male (1), 1990-06-15.
 */
const KNOWN_VALID = [
  { number: '11010519491231002X', birthDate: '1949-12-31', gender: 'FEMALE' },
  { number: '440524188001010014', birthDate: '1880-01-01', gender: 'MALE' },
  { number: '310118199006150011', birthDate: '1990-06-15', gender: 'MALE' },
] as const;

/** An independent MOD 11-2 implementation (the textbook form: Σ aᵢ·2^(17−i) mod 11, check = (12 − s) mod 11). */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

describe('identity check character (ISO 7064 MOD 11-2)', () => {
  test.each(KNOWN_VALID)('$number is valid and encodes $birthDate, $gender', ({ number, birthDate, gender }) => {
    expect(identityCheckCharacter(number.slice(0, 17))).toBe(number[17]);
    expect(parseIdentityNumber(number)).toEqual({ ok: true, facts: { birthDate, gender } });
  });

  test('a check character X (value 10) is produced and accepted', () => {
    expect(identityCheckCharacter('11010519491231002')).toBe('X');
    expect(withCheckCharacter('11010519491231002')).toBe('11010519491231002X');
  });

  test('a leap day birth date in a leap year is real', () => {
    // Σ = 21+9+0+5+8+32+4+0+0+0+0+18+20+45+0+0+4 = 166, 166 mod 11 = 1 → 0.
    expect(identityCheckCharacter('31011820000229002')).toBe('0');
    expect(parseIdentityNumber('310118200002290020')).toEqual({ ok: true, facts: { birthDate: '2000-02-29', gender: 'FEMALE' } });
  });

  test('agrees with the textbook formulation on many bodies', () => {
    for (let i = 0; i < 2000; i++) {
      const body = `3101181${String(9000000000 + i * 7919).slice(-10)}`;
      expect(identityCheckCharacter(body)).toBe(referenceCheck(body));
    }
  });

  test('every wrong check character is rejected, naming the expected one', () => {
    for (const { number } of KNOWN_VALID) {
      for (const wrong of '0123456789X') {
        if (wrong === number[17]) continue;
        const result = parseIdentityNumber(number.slice(0, 17) + wrong);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.message).toContain(`should be ${number[17]}`);
      }
    }
  });

  test('a mistyped digit (or two swapped digits) is caught by the check character', () => {
    expect(parseIdentityNumber('310118199006150021').ok).toBe(false); // 17th digit 1 → 2
    expect(parseIdentityNumber('310181199006150011').ok).toBe(false); // 1 and 8 swapped
  });
});

describe('identity number format', () => {
  test.each([
    ['too short', '31011819900615001'],
    ['too long', '3101181990061500111'],
    ['empty', ''],
    ['15-digit first-generation number', '310118900615001'],
    ['letter in the body', '31011819900615A011'],
    ['X not at the end', '3101181990061500X1'],
    ['lowercase x (parse is exact; input is normalized upstream)', '11010519491231002x'],
    ['other check letter', '31011819900615001Y'],
    ['spaces', '310118 19900615001'],
  ])('%s is rejected', (_label, value) => {
    const result = parseIdentityNumber(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/18 characters/);
  });
});

describe('birth date encoded in the identity number', () => {
  test.each([
    ['30 February', '19900230'],
    ['29 February in a common year', '19900229'],
    ['29 February 1900 (not a leap year)', '19000229'],
    ['31 April', '19900431'],
    ['month 13', '19901301'],
    ['month 00', '19900001'],
    ['day 00', '19900600'],
    ['day 32', '19900132'],
    ['before 1880', '18791231'],
  ])('%s is not a real birth date, even with a correct check character', (_label, date) => {
    const number = withCheckCharacter(`310118${date}001`);
    expect(number[17]).toBe(referenceCheck(number.slice(0, 17)));
    const result = parseIdentityNumber(number);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('no real birth date');
  });
});

describe('gender from the 17th digit', () => {
  test.each([
    ['0', 'FEMALE'],
    ['1', 'MALE'],
    ['2', 'FEMALE'],
    ['3', 'MALE'],
    ['4', 'FEMALE'],
    ['5', 'MALE'],
    ['6', 'FEMALE'],
    ['7', 'MALE'],
    ['8', 'FEMALE'],
    ['9', 'MALE'],
  ])('17th digit %s → %s', (digit, gender) => {
    const result = parseIdentityNumber(withCheckCharacter(`3101181990061500${digit}`));
    expect(result).toEqual({ ok: true, facts: { birthDate: '1990-06-15', gender } });
  });

  test('only the 17th digit decides, not the 15th or 16th', () => {
    const result = parseIdentityNumber(withCheckCharacter('31011819900615990'));
    expect(result.ok && result.facts.gender).toBe('FEMALE');
  });
});

describe('mainland mobile phone numbers', () => {
  test.each(['13012345678', '13912345678', '14712345678', '15012345678', '16612345678', '17712345678', '18812345678', '19912345678'])(
    '%s is valid',
    (phone) => expect(isMobilePhone(phone)).toBe(true),
  );

  test.each([
    ['12x prefix', '12012345678'],
    ['11x prefix', '11012345678'],
    ['10x prefix', '10012345678'],
    ['not starting with 1', '23912345678'],
    ['10 digits', '1391234567'],
    ['12 digits', '139123456789'],
    ['letters', '1391234567a'],
    ['with +86', '+8613912345678'],
    ['with a dash (normalized upstream)', '139-1234-5678'],
    ['empty', ''],
  ])('%s is invalid', (_label, phone) => expect(isMobilePhone(phone)).toBe(false));
});
