/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): pure rules, no
 * I/O, a permits rule (permits registers enterprises with one; the
 * data generator and test builders make valid ones). Unit-tested directly.
 *
 * Layout of the 18 characters, each from the 31-character alphabet below
 * (digits and upper-case letters without I, O, Z, S, V):
 *   1      registration authority (e.g. 9 = market regulation, 5 = civil affairs, 1 = institutional staffing)
 *   2      organization category (e.g. 1 = enterprise)
 *   3–8    administrative division code of the registering authority (6 digits)
 *   9–17   organization code (GB 11714: 8 characters and its own check character)
 *   18     check character over the first 17 (GB 32100)
 *
 * `parseCreditCode` enforces the alphabet, the 6-digit division and the
 * GB 32100 check (which catches every single mistyped character and every
 * swap of two adjacent ones). The organization code's own GB 11714 check is
 * reported (`organizationCodeChecks`) but not enforced: GB 32100's check
 * already covers every character, and refusing a real code over a legacy
 * organization code would block a real enterprise.
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weight of position i is 3^i mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714 organization codes: 8 characters from digits and A–Z, weights, and a MOD 11 check ("X" for 10). */
const ORGANIZATION_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The GB 32100 check character of the first 17 characters (which must be in the alphabet). */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`"${first17[i]}" is not a credit-code character`);
    sum += value * WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** The GB 11714 check character of an organization code's first 8 characters. */
export function organizationCodeCheckCharacter(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORGANIZATION_ALPHABET.indexOf(first8[i]!) * ORGANIZATION_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export interface CreditCodeParts {
  /** The code, upper-cased and trimmed. */
  code: string;
  registrationAuthority: string;
  category: string;
  divisionCode: string;
  organizationCode: string;
  /** Whether the embedded organization code carries a correct GB 11714 check character (not enforced). */
  organizationCodeChecks: boolean;
}

/**
 * Validates a unified social credit code (surrounding spaces ignored, lower case accepted).
 * Returns its parts, or a message a person can act on.
 */
export function parseCreditCode(value: string): { ok: true; parts: CreditCodeParts } | { ok: false; message: string } {
  const code = value.trim().toUpperCase();
  if (code.length !== 18) {
    return { ok: false, message: `A unified social credit code is 18 characters (got ${code.length}).` };
  }
  const foreign = [...code].find((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (foreign !== undefined) {
    return { ok: false, message: `"${foreign}" cannot appear in a unified social credit code: it uses digits and the letters A–Y without I, O, S, V and Z.` };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return { ok: false, message: `Characters 3 to 8 of a unified social credit code are the 6-digit division code (got "${code.slice(2, 8)}").` };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    return { ok: false, message: `The check character of this unified social credit code should be ${expected}, not ${code[17]}: a character is probably mistyped.` };
  }
  const organizationCode = code.slice(8, 17);
  return {
    ok: true,
    parts: {
      code,
      registrationAuthority: code[0]!,
      category: code[1]!,
      divisionCode: code.slice(2, 8),
      organizationCode,
      organizationCodeChecks: organizationCodeCheckCharacter(organizationCode.slice(0, 8)) === organizationCode[8],
    },
  };
}

/**
 * Builds a valid code (used by the data generator and test builders): authority and category
 * (e.g. "91"), a 6-digit division and an 8-character organization-code body (digits, or letters
 * of the credit-code alphabet); both check characters are computed.
 */
export function makeCreditCode(prefix: string, divisionCode: string, organizationBody: string): string {
  const organizationCode = organizationBody + organizationCodeCheckCharacter(organizationBody);
  const first17 = `${prefix}${divisionCode}${organizationCode}`;
  return first17 + creditCodeCheckCharacter(first17);
}
