import type DataLoader from 'dataloader';
import { manyByKey } from '../../shared/loaders.js';
import type { BaseContext } from '../../shared/subgraph.js';
import type { SampleRow } from '../db.js';
import { latestSamplesOf } from './sample.queries.js';

export function createSampleLoaders(ctx: BaseContext) {
  // One loader per page size asked for in the request (usually one or two).
  const latestSamples = new Map<number, DataLoader<number, SampleRow[]>>();
  return {
    latestSamples(limit: number) {
      let loader = latestSamples.get(limit);
      if (!loader) latestSamples.set(limit, (loader = manyByKey((ids: readonly number[]) => latestSamplesOf(ctx.db, ids, limit), (row) => row.residentId!)));
      return loader;
    },
  };
}
