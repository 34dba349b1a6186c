import DataLoader from 'dataloader';
import type { LoaderContext } from '../context.js';
import { healthFactsAt } from '../health-code/health-facts.queries.js';
import { healthIndexesOf } from './health-indexes.js';
import type { HealthIndexes } from './health-indexes.type.js';

export interface RegionInstant {
  code: string;
  asOf: Date;
}

const cacheKey = (key: RegionInstant) => `${key.asOf.toISOString()}|${key.code}`;

export function createHealthIndexLoaders(ctx: LoaderContext) {
  return {
    /** Every region asked for at one instant (a dashboard: a region and its children) shares one gathering of facts. */
    healthIndexes: new DataLoader<RegionInstant, HealthIndexes, string>(
      async (keys) => {
        const byInstant = new Map<string, RegionInstant[]>();
        for (const key of keys) byInstant.set(key.asOf.toISOString(), [...(byInstant.get(key.asOf.toISOString()) ?? []), key]);
        const results = new Map<string, HealthIndexes>();
        for (const group of byInstant.values()) {
          const at = group[0]!.asOf;
          const codes = [...new Set(group.map((key) => key.code))];
          const facts = await healthFactsAt(ctx.db, { regionCodes: codes }, at);
          for (const code of codes) {
            const inRegion = facts.filter((resident) => resident.communityCode?.startsWith(code));
            results.set(cacheKey({ code, asOf: at }), healthIndexesOf(inRegion, at, ctx.rules));
          }
        }
        return keys.map((key) => results.get(cacheKey(key))!);
      },
      { cacheKeyFn: cacheKey },
    ),
  };
}
