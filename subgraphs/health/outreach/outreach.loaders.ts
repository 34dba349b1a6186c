import type DataLoader from 'dataloader';
import { manyByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import type { OutreachRow } from '../db.js';
import { latestOutreachOf } from './outreach.queries.js';

/** Per-request DataLoaders of the outreach feature. */
export function createOutreachLoaders(ctx: BaseContext) {
  // One loader per history length asked for in the request (usually 1 for `outreach`, and one more for `outreachHistory`).
  const latest = new Map<number, DataLoader<number, OutreachRow[]>>();
  return {
    /** Each resident's latest `limit` outreach records, newest first. */
    latestOutreach(limit: number) {
      let loader = latest.get(limit);
      if (!loader) latest.set(limit, (loader = manyByKey((ids: readonly number[]) => latestOutreachOf(ctx.db, ids, limit), (row) => row.residentId)));
      return loader;
    },
  };
}
