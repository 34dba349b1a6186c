import type DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { toVenueScan } from './venue.mapper.js';
import { abnormalScansOf, latestScansOf, venuesByCodes } from './venue.queries.js';
import type { VenueScan } from './venue.type.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Per-request DataLoaders of the venue feature. They hand back API objects (mapped here, not in the type),
 * because Venue.abnormalScans resolves inside the Venue type, which must not import the mapper (a cycle).
 */
export function createVenueLoaders(ctx: BaseContext) {
  // "Now" is one instant per request, so every venue of a request shares one abnormal-scan window (and one query).
  const now = new Date();
  const latestScans = new Map<number, DataLoader<number, VenueScan[]>>();
  const abnormalScans = new Map<string, DataLoader<number, VenueScan[]>>();
  return {
    venueByCode: oneByKey((codes: readonly string[]) => venuesByCodes(ctx.db, codes), (row) => row.code),
    /** Each resident's latest `limit` scans, newest first (one loader per page size asked for). */
    latestScans(limit: number) {
      let loader = latestScans.get(limit);
      if (!loader) {
        latestScans.set(
          limit,
          (loader = manyByKey(async (ids: readonly number[]) => (await latestScansOf(ctx.db, ids, limit)).map(toVenueScan), (scan) => Number(scan.resident.id))),
        );
      }
      return loader;
    },
    /** Each venue's latest `limit` abnormal scans from `since` (24 h before the request when null) until the request's instant. */
    abnormalScans(since: Date | null, limit: number) {
      const from = since ?? new Date(now.getTime() - DAY_MS);
      const key = `${from.toISOString()}|${limit}`;
      let loader = abnormalScans.get(key);
      if (!loader) {
        abnormalScans.set(
          key,
          (loader = manyByKey(async (ids: readonly number[]) => (await abnormalScansOf(ctx.db, ids, from, now, limit)).map(toVenueScan), (scan) => Number(scan.venue.id))),
        );
      }
      return loader;
    },
  };
}
