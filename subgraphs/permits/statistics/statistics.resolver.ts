import { addressesAt } from '../../shared/residence/addresses-at.js';
import { indexPeopleResolver, regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import type { PermitsContext } from '../context.js';
import { residencePeriods } from '../db.js';
import { Region } from '../region/region.type.js';
import { Resident } from '../resident/resident.type.js';
import { PermitIndex } from './permit-index.enum.js';
import { PermitIndexes } from './permit-indexes.type.js';

export const PermitStatisticsResolver = regionStatisticsResolver(
  Region,
  PermitIndexes,
  'permits',
  'The 4 permit indexes of this region at an instant (domain.md), counted in the enterprise\'s region.',
);

/** PermitIndexes.people(index: RESUMED_WORKERS): the holders behind resumedWorkers, ordered by their address at the instant. */
export const PermitIndexPeopleResolver = indexPeopleResolver({
  indexes: PermitIndexes,
  indexEnum: PermitIndex,
  resident: Resident,
  typePrefix: 'Permit',
  addressesOf: (ctx: PermitsContext, residentIds, at) => addressesAt(ctx.db, residencePeriods, residentIds, at),
});
