/**
 * Per-request DataLoaders of the permits subgraph: one batched query (or one
 * health call) per field and page, never one per item.
 */
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/loaders.js';
import type { BaseContext } from '../shared/subgraph.js';
import { enterprisesByIds, resumptionHistoriesOf } from './enterprise/enterprise.queries.js';
import type { Peers } from './peers.js';
import { eventsOfPermits, permitPagesOfEnterprises, permitsByIds, permitsOfResidents, type EnterprisePermitsPage } from './permit/permit.queries.js';
import type { WorkPermitRow } from './db.js';
import { permitIndexesAt } from './region/permit-indexes.queries.js';
import type { PermitIndexes } from './region/permit-indexes.type.js';

export interface IndexKey {
  code: string;
  asOf: Date;
}

const indexCacheKey = (key: IndexKey) => `${key.asOf.toISOString()}|${key.code}`;

export function createLoaders(ctx: BaseContext, peers: Peers) {
  const permitPages = new Map<string, DataLoader<number, { rows: WorkPermitRow[]; totalCount: number }>>();
  return {
    /** Enterprises the viewer may see (others load as null). */
    enterpriseById: oneByKey((ids: readonly number[]) => enterprisesByIds(ctx.db, ctx.scope, ids), (row) => row.id),
    resumptionHistory: manyByKey((ids: readonly number[]) => resumptionHistoriesOf(ctx.db, ids), (row) => row.enterpriseId),
    permitById: oneByKey((ids: readonly number[]) => permitsByIds(ctx.db, ids), (row) => row.id),
    permitsOfResident: manyByKey((ids: readonly number[]) => permitsOfResidents(ctx.db, ids), (row) => row.residentId),
    permitEvents: manyByKey((ids: readonly number[]) => eventsOfPermits(ctx.db, ids), (row) => row.permitId),
    /** A page of each enterprise's permits (one loader per page arguments: two statements per page of enterprises). */
    permitsOfEnterprise(page: EnterprisePermitsPage) {
      const key = `${page.statuses?.join(',') ?? '*'}|${page.first}|${page.beforeId ?? ''}|${page.at.toISOString()}`;
      let loader = permitPages.get(key);
      if (!loader) {
        permitPages.set(
          key,
          (loader = new DataLoader(async (ids: readonly number[]) => {
            const { rows, counts } = await permitPagesOfEnterprises(ctx.db, ids, page);
            return ids.map((id) => ({ rows: rows.filter((row) => row.enterpriseId === id), totalCount: counts.get(id) ?? 0 }));
          })),
        );
      }
      return loader;
    },
    /** Health's code colour of each holder now: one call to the health subgraph per request wave. */
    holderColor: new DataLoader<number, 'GREEN' | 'YELLOW' | 'RED' | null>(async (ids) => peers.holderColors(ids)),
    /** Batches every region asked for at the same instant and level into one statement. */
    permitIndexes: new DataLoader<IndexKey, PermitIndexes, string>(
      async (keys) => {
        const groups = new Map<string, IndexKey[]>();
        for (const key of keys) {
          const group = `${key.asOf.toISOString()}|${key.code.length}`;
          groups.set(group, [...(groups.get(group) ?? []), key]);
        }
        const results = new Map<string, PermitIndexes>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const byCode = await permitIndexesAt(ctx.db, [...new Set(group.map((k) => k.code))], group[0]!.asOf);
            for (const key of group) results.set(indexCacheKey(key), byCode.get(key.code)!);
          }),
        );
        return keys.map((key) => results.get(indexCacheKey(key))!);
      },
      { cacheKeyFn: indexCacheKey },
    ),
  };
}

export type PermitsLoaders = ReturnType<typeof createLoaders>;
