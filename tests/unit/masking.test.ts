/**
 * The masks roles without personal data see, and the audit trail's purpose
 * cleaning: pure rules.
 */
import { describe, expect, test } from 'vitest';
import { cleanPurpose } from '../../subgraphs/shared/audit/audit-trail.js';
import { maskAddress, maskBirthDate, maskIdNumber, maskName, maskPhone, seesPersonalData } from '../../subgraphs/shared/auth/masking.js';

describe('masks', () => {
  test('identity number: first 6 and last 4 characters, * between', () => {
    expect(maskIdNumber('31011819900517123X')).toBe('310118********123X');
    expect(maskIdNumber('310118199005171234')).toHaveLength(18);
  });

  test('phone: first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  test('a value too short to keep both ends is all stars', () => {
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });

  test('name: the surname (first character) and *', () => {
    expect(maskName('张三丰')).toBe('张*');
    expect(maskName('李四')).toBe('李*');
    expect(maskName(' Wang Fang')).toBe('W*');
    expect(maskName('𠀋一')).toBe('𠀋*'); // a character outside the BMP stays whole
    expect(maskName('')).toBe('');
  });

  test('birth date: the year, as YYYY-01-01', () => {
    expect(maskBirthDate('1990-05-17')).toBe('1990-01-01');
    expect(maskBirthDate('2000-12-31')).toBe('2000-01-01');
  });

  test('address: the community', () => {
    expect(maskAddress('Xiayang Residential Community')).toBe('Xiayang Residential Community');
  });

  test('which roles see personal data', () => {
    expect(['DISTRICT_ADMIN', 'TOWN_OFFICER', 'COMMUNITY_WORKER'].every((role) => seesPersonalData(role as never))).toBe(true);
    expect(['ANALYST', 'LAB_PARTNER', 'PERMIT_BUREAU'].some((role) => seesPersonalData(role as never))).toBe(false);
  });
});

describe('the stated purpose', () => {
  test('control characters stripped, trimmed, at most 200 characters', () => {
    expect(cleanPurpose('  Case\u0007 follow-up\r\n ')).toBe('Case follow-up');
    expect(cleanPurpose('a'.repeat(500))).toHaveLength(200);
    expect(cleanPurpose('流调'.repeat(150))).toHaveLength(200);
  });

  test('absent or empty is null', () => {
    expect(cleanPurpose(undefined)).toBeNull();
    expect(cleanPurpose(null)).toBeNull();
    expect(cleanPurpose(' \u0000 ')).toBeNull();
  });
});
