import { describe, expect, test } from 'vitest';
import { CredentialRateLimiter } from '../../gateway/partners/rate-limit.js';

const LIMITS = { staff: { perMinute: 600, burst: 10 }, partner: { perMinute: 60, burst: 2 } };
const lab = (id: string) => ({ id, role: 'LAB_PARTNER' as const });
const admin = (id: string) => ({ id, role: 'DISTRICT_ADMIN' as const });

describe('token bucket per credential', () => {
  test('a burst, then one request per refill interval; Retry-After in whole seconds', () => {
    let now = 0;
    const limiter = new CredentialRateLimiter(LIMITS, { now: () => now });
    expect(limiter.take(lab('a'))).toBeNull();
    expect(limiter.take(lab('a'))).toBeNull();
    expect(limiter.take(lab('a'))).toEqual({ retryAfterSeconds: 1 });
    expect(limiter.take(lab('b'))).toBeNull(); // another credential: its own bucket
    now += 999;
    expect(limiter.take(lab('a'))).not.toBeNull();
    now += 1;
    expect(limiter.take(lab('a'))).toBeNull();
  });

  test('partners are limited more strictly than staff', () => {
    const limiter = new CredentialRateLimiter(LIMITS, { now: () => 0 });
    for (let i = 0; i < 10; i++) expect(limiter.take(admin('x'))).toBeNull();
    expect(limiter.take(admin('x'))).toEqual({ retryAfterSeconds: 1 });
    expect(limiter.limitOf({ role: 'PERMIT_BUREAU' })).toBe(LIMITS.partner);
    expect(limiter.limitOf({ role: 'ANALYST' })).toBe(LIMITS.staff);
  });

  test('memory stays bounded: idle buckets (full again) are swept, and at most maxBuckets are kept', () => {
    let now = 0;
    const limiter = new CredentialRateLimiter(LIMITS, { now: () => now, maxBuckets: 100 });
    for (let i = 0; i < 250; i++) limiter.take(lab(`lab-${i}`));
    expect(limiter.size).toBe(100);
    now += 61_000; // every bucket has refilled: forgetting them changes nothing
    limiter.take(lab('late'));
    expect(limiter.size).toBe(1);
  });
});
