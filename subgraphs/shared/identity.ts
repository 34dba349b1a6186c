/**
 * Resident identity numbers (GB 11643-1999): pure rules, no I/O, shared by
 * every subgraph that receives one (population registers people, health
 * matches lab rows to them). Unit-tested directly.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function identityCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

export interface IdentityFacts {
  birthDate: string; // YYYY-MM-DD
  gender: 'MALE' | 'FEMALE';
}

/**
 * Validates an 18-character identity number: 17 digits, a valid check character
 * and a real birth date. Returns what the number encodes, or an error message.
 */
export function parseIdentityNumber(value: string): { ok: true; facts: IdentityFacts } | { ok: false; message: string } {
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, message: 'An identity number is 17 digits followed by a digit or X (18 characters).' };
  }
  const expected = identityCheckCharacter(value.slice(0, 17));
  if (value[17] !== expected) {
    return { ok: false, message: `The check character of this identity number should be ${expected}, not ${value[17]}: a digit is probably mistyped.` };
  }
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1880 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: `This identity number encodes no real birth date (${value.slice(6, 14)}).` };
  }
  return {
    ok: true,
    facts: {
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      // The 17th digit (sequence code) is odd for men and even for women.
      gender: Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}

/** Builds a valid identity number from its 17-digit body (used by the data generator and test builders). */
export function withCheckCharacter(first17: string): string {
  return first17 + identityCheckCharacter(first17);
}
