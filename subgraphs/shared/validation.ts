/**
 * Shape checks every subgraph applies to input before looking anything up:
 * each failure is BAD_USER_INPUT naming the field.
 */
import { badUserInput } from './errors.js';

/** Trimmed text of 1 to `max` characters; `what` names it in the message ("A venue name"). */
export function requiredText(value: string, field: string, max: number, what: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) {
    throw badUserInput(field, `${what} is 1 to ${max} characters (got ${trimmed.length} after trimming).`);
  }
  return trimmed;
}

/** District (6 digits), town (9) or community (12) code: a community's code starts with its town's, a town's with its district's. */
export function isRegionCode(code: string): boolean {
  return /^(\d{6}|\d{9}|\d{12})$/.test(code);
}

export function validRegionCode(code: string, field: string): string {
  if (!isRegionCode(code)) throw badUserInput(field, `"${code}" is not a region code (6, 9 or 12 digits).`);
  return code;
}

export function validCommunityCode(code: string, field: string): string {
  if (!/^\d{12}$/.test(code)) throw badUserInput(field, `"${code}" is not a community code (12 digits).`);
  return code;
}

/** The longest reason a change may carry (tagging, resumption, permit decisions, exemptions, observations). */
export const MAX_REASON_LENGTH = 500;

/** Why, for the record: trimmed, 1 to MAX_REASON_LENGTH characters. */
export function validReason(reason: string | null | undefined, field = 'reason'): string {
  const trimmed = (reason ?? '').trim();
  if (trimmed.length < 1 || trimmed.length > MAX_REASON_LENGTH) {
    throw badUserInput(field, `A reason is 1 to ${MAX_REASON_LENGTH} characters: say why, for the record.`);
  }
  return trimmed;
}
