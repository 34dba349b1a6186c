import type { Config } from '../shared/config.js';
import type { Db } from '../shared/db/database.js';
import type { EntityClient } from '../shared/entity-client.js';
import { baseContext, regionsOfPopulation, type BaseContext } from '../shared/subgraph.js';
import type { Viewer } from '../shared/viewer.js';
import type { HealthRules } from './health-code/rules.js';
import { createLoaders, type HealthLoaders } from './loaders.js';
import type { LabUploads } from './ingest/lab-upload.js';
import type { HealthStatistics } from './statistics/health-statistics.js';


export interface HealthContext extends BaseContext {
  rules: HealthRules;
  /** The region statistics' present snapshot: one per subgraph, shared by every request. */
  statistics: HealthStatistics;
  /** Lab files uploaded over HTTP to this process (labImport). */
  labUploads: LabUploads;
  loaders: HealthLoaders;
}

/** The health rules as configured. */
export function healthRules(config: Pick<Config, 'testIntervalHours'>): HealthRules {
  return { testIntervalHours: config.testIntervalHours };
}

export function createHealthContext(db: Db, viewer: Viewer, rules: HealthRules, statistics: HealthStatistics, labUploads: LabUploads, entities: EntityClient): HealthContext {
  const base = baseContext(db, viewer, regionsOfPopulation(entities, viewer));
  const withRules = { ...base, rules, statistics, labUploads };
  return { ...withRules, loaders: createLoaders(withRules) };
}

/** What loader factories get: everything in the context but the loaders themselves. */
export type LoaderContext = Omit<HealthContext, 'loaders' | 'labUploads'>;
