import DataLoader from 'dataloader';
import type { Db } from '../shared/db/database.js';
import { manyByKey } from '../shared/loaders.js';
import type { SampleRow } from './db.js';
import { latestSamplesOf } from './sample/sample.queries.js';

export function createLoaders(db: Db) {
  // One loader per page size asked for in the request (usually one or two).
  const latestSamples = new Map<number, DataLoader<number, SampleRow[]>>();
  return {
    latestSamples(limit: number) {
      let loader = latestSamples.get(limit);
      if (!loader) latestSamples.set(limit, (loader = manyByKey((ids: readonly number[]) => latestSamplesOf(db, ids, limit), (row) => row.residentId!)));
      return loader;
    },
  };
}

export type HealthLoaders = ReturnType<typeof createLoaders>;
