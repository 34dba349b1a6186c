/**
 * Per-request DataLoaders of the health subgraph: each feature keeps its own
 * in its folder; this only puts them together.
 */
import { oneByKey } from '../shared/loaders.js';
import { latestCommunities } from '../shared/residence/latest-communities.js';
import { residencePeriods } from './db.js';
import { regionStatisticsLoaders } from '../shared/snapshot/region-statistics.js';
import type { BaseContext } from '../shared/subgraph.js';
import { createExemptionLoaders } from './exemption/exemption.loaders.js';
import { createHealthCodeLoaders } from './health-code/health-code.loaders.js';
import type { HealthRules } from './health-code/rules.js';
import { createObservationLoaders } from './observation/observation.loaders.js';
import { createOutreachLoaders } from './outreach/outreach.loaders.js';
import { createSampleLoaders } from './sample/sample.loaders.js';
import { createVaccinationLoaders } from './vaccination/vaccination.loaders.js';
import { createVenueLoaders } from './venue/venue.loaders.js';
import type { HealthStatistics } from './statistics/health-statistics.js';

/** Takes everything in the context but the loaders (context.ts's LoaderContext), declared here so this file needs nothing of context.ts. */
export function createLoaders(ctx: BaseContext & { rules: HealthRules; statistics: HealthStatistics }) {
  return {
    ...createSampleLoaders(ctx),
    ...createVaccinationLoaders(ctx),
    ...createOutreachLoaders(ctx),
    ...createExemptionLoaders(ctx),
    ...createObservationLoaders(ctx),
    ...createVenueLoaders(ctx),
    ...createHealthCodeLoaders(ctx),
    /** Region indexes and the columns behind them: one present instant per request, one evaluation per instant. */
    ...regionStatisticsLoaders(ctx.statistics),
    /** Where health knows each resident to live (for the scope of Resident references). */
    residentCommunity: oneByKey((ids: readonly number[]) => latestCommunities(ctx.db, residencePeriods, ids), (row) => row.residentId),
  };
}

export type HealthLoaders = ReturnType<typeof createLoaders>;
