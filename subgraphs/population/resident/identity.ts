/**
 * Pure rules for resident identity numbers (GB 11643-1999, shared with the
 * other subgraphs: subgraphs/shared/identity.ts) and mainland mobile phone
 * numbers. No I/O: unit-tested directly.
 */
export * from '../../shared/identity.js';

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function isMobilePhone(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}
