/**
 * Per-request DataLoaders of the permits subgraph: one batched query (or one
 * health call) per field and page, never one per item.
 */
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/loaders.js';
import type { BaseContext } from '../shared/subgraph.js';
import { regionStatisticsLoaders } from '../shared/snapshot/region-statistics.js';
import { enterprisesByIds, resumptionHistoriesOf } from './enterprise/enterprise.queries.js';
import type { Peers } from './peers.js';
import { eventsOfPermits, permitPagesOfEnterprises, permitsByIds, permitsOfResidents, type EnterprisePermitsPage } from './permit/permit.queries.js';
import type { WorkPermitRow } from './db.js';
import type { PermitStatistics } from './statistics/permit-statistics.js';
import { residentsLivingHere } from './resident/residence.queries.js';

export function createLoaders(ctx: BaseContext & { statistics: PermitStatistics; now: Date }, peers: Peers) {
  const permitPages = new Map<string, DataLoader<number, { rows: WorkPermitRow[]; totalCount: number }>>();
  return {
    /** Enterprises the viewer may see (others load as null). */
    enterpriseById: oneByKey((ids: readonly number[]) => enterprisesByIds(ctx.db, ctx.scope, ids), (row) => row.id),
    resumptionHistory: manyByKey((ids: readonly number[]) => resumptionHistoriesOf(ctx.db, ids), (row) => row.enterpriseId),
    permitById: oneByKey((ids: readonly number[]) => permitsByIds(ctx.db, ids), (row) => row.id),
    permitsOfResident: manyByKey((ids: readonly number[]) => permitsOfResidents(ctx.db, ctx.scope, ids), (row) => row.residentId),
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
    /** Whether each holder lives in the district at the request's instant (permits' residence periods). */
    holderLivesHere: new DataLoader<number, boolean>(async (ids) => {
      const living = await residentsLivingHere(ctx.db, ids, ctx.now);
      return ids.map((id) => living.has(id));
    }),
    /** Health's code colour of each holder now: one call to the health subgraph per request wave. */
    holderColor: new DataLoader<number, 'GREEN' | 'YELLOW' | 'RED' | null>(async (ids) => peers.holderColors(ids)),
    /** Region indexes and the columns behind them: one present instant per request, one evaluation per instant. */
    ...regionStatisticsLoaders(ctx.statistics),
  };
}

export type PermitsLoaders = ReturnType<typeof createLoaders>;
