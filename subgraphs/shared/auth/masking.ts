/**
 * How personal data looks to roles without personal data
 * (`ROLE_POLICIES[role].personalData === false`): pure functions, one per kind
 * of personal field. They are applied in one place, the PersonalField
 * middleware (auth/personal-field.ts), on every personal field of the schema.
 */
import { ROLE_POLICIES, type ViewerRole } from './roles.js';

/** The kinds of personal field, each with its mask. */
export type PersonalKind = 'NAME' | 'ID_NUMBER' | 'PHONE' | 'ADDRESS' | 'BIRTH_DATE';

/** True when the role sees personal fields as they are. */
export function seesPersonalData(role: ViewerRole): boolean {
  return ROLE_POLICIES[role].personalData;
}

/** Keeps the first `head` and last `tail` characters, `*` for each one between; too short a value is all stars. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/** 310118199001011234 → 310118********1234 (region of issue and the last four). */
export function maskIdNumber(idNumber: string): string {
  return keepEnds(idNumber, 6, 4);
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return keepEnds(phone, 3, 4);
}

/** The surname (first character) and one `*`: 张三丰 → 张*, Wang Fang → W*. */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first === undefined ? '' : `${first}*`;
}

/** Keeps the year only, as a date of the same type: 1990-05-17 → 1990-01-01. */
export function maskBirthDate(birthDate: string): string {
  return `${birthDate.slice(0, 4)}-01-01`;
}

/**
 * An address is held within its community ("Building 3, Room 502, Xinhua Road
 * Lane 120"): cut to the community, what remains is the community's name.
 */
export function maskAddress(communityName: string): string {
  return communityName;
}
