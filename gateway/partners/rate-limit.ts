/**
 * Requests per credential: a token bucket per token `sub`, checked by the HTTP
 * front after authentication (so an anonymous flood is the 401's problem, not
 * the buckets'). Every credential is limited; partner systems more strictly
 * than staff (config.ts RateLimits). Over the limit the front answers 429 with
 * Retry-After.
 *
 * Memory is bounded: a bucket left alone long enough to have filled up again
 * is the same as no bucket, so idle buckets are swept (at most once a
 * minute), and beyond `maxBuckets` the least recently used ones go first.
 */
import type { RateLimit, RateLimits } from '../../subgraphs/shared/config.js';
import { ROLE_POLICIES } from '../../subgraphs/shared/auth/roles.js';
import type { Viewer } from '../../subgraphs/shared/viewer.js';

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
  /** When this bucket will be full again if left alone (ms): from then on it can be forgotten. */
  fullAt: number;
}

const SWEEP_EVERY_MS = 60_000;
const DEFAULT_MAX_BUCKETS = 100_000;

export class CredentialRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;
  private readonly now: () => number;
  private readonly maxBuckets: number;

  constructor(
    private readonly limits: RateLimits,
    options: { now?: () => number; maxBuckets?: number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxBuckets = options.maxBuckets ?? DEFAULT_MAX_BUCKETS;
    this.lastSweep = this.now();
  }

  /** The limit that applies to this viewer's role: partners' systems (trusted documents only) or staff. */
  limitOf(viewer: Pick<Viewer, 'role'>): RateLimit {
    return ROLE_POLICIES[viewer.role].trustedDocumentsOnly ? this.limits.partner : this.limits.staff;
  }

  /** Takes one request from the viewer's bucket: null when allowed, else the whole seconds to wait. */
  take(viewer: Pick<Viewer, 'id' | 'role'>): { retryAfterSeconds: number } | null {
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    const { perMinute, burst } = this.limitOf(viewer);
    const perMs = perMinute / 60_000;
    const stored = this.buckets.get(viewer.id);
    const tokens = stored ? Math.min(burst, stored.tokens + (now - stored.at) * perMs) : burst;
    // Re-inserted on every use: the map's order is least recently used first.
    this.buckets.delete(viewer.id);
    if (tokens >= 1) {
      const left = tokens - 1;
      this.buckets.set(viewer.id, { tokens: left, at: now, fullAt: now + (burst - left) / perMs });
      if (this.buckets.size > this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
      return null;
    }
    this.buckets.set(viewer.id, { tokens, at: now, fullAt: now + (burst - tokens) / perMs });
    return { retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  }

  /** Buckets held now (tests). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, bucket] of this.buckets) if (bucket.fullAt <= now) this.buckets.delete(id);
  }
}
