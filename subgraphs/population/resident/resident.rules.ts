/**
 * Validation of resident input that needs no database: every failure names
 * its field. Lookups (community, household) are in resident.commands.ts.
 */
import { badUserInput } from '../../shared/errors.js';
import { shanghaiDate } from '../../shared/time.js';
import { requiredText } from '../../shared/validation.js';
import { isMobilePhone, parseIdentityNumber, type IdentityFacts } from './identity.js';

export function validName(name: string, field = 'input.name'): string {
  return requiredText(name, field, 64, 'A name');
}

export function validPhone(phone: string, field = 'input.phone'): string {
  const digits = phone.replace(/[\s-]/g, '');
  if (!isMobilePhone(digits)) throw badUserInput(field, `"${phone}" is not a mainland mobile number (11 digits starting 13–19).`);
  return digits;
}

export function validIdentityNumber(idNumber: string, field = 'input.idNumber', now = new Date()): { idNumber: string; facts: IdentityFacts } {
  const normalized = idNumber.trim().toUpperCase();
  const parsed = parseIdentityNumber(normalized);
  if (!parsed.ok) throw badUserInput(field, parsed.message);
  // A calendar-valid date can still be impossible: nobody living here was born after today.
  if (parsed.facts.birthDate > shanghaiDate(now)) {
    throw badUserInput(field, `This identity number encodes a birth date in the future (${parsed.facts.birthDate}): a digit is probably mistyped.`);
  }
  return { idNumber: normalized, facts: parsed.facts };
}

export function validAddress(address: string, field = 'input.address'): string {
  return requiredText(address, field, 200, 'An address');
}

export function notInFuture(instant: Date, field: string, now: Date): Date {
  if (instant.getTime() > now.getTime()) throw badUserInput(field, `${field.split('.').pop()} (${instant.toISOString()}) is in the future.`);
  return instant;
}
