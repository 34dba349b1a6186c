import { addressesAt } from '../../shared/residence/addresses-at.js';
import { indexPeopleResolver, regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import type { HealthContext } from '../context.js';
import { residencePeriods } from '../db.js';
import { Region } from '../region/region.type.js';
import { Resident } from '../resident/resident.type.js';
import { HealthIndex, HealthIndexes } from './health-indexes.type.js';

export const HealthStatisticsResolver = regionStatisticsResolver(Region, HealthIndexes, 'health', 'The 21 health indexes of this region at an instant (domain.md).');

/** HealthIndexes.people(index:): the residents behind a health index, in address order from health's residence periods. */
export const HealthIndexPeopleResolver = indexPeopleResolver({
  indexes: HealthIndexes,
  indexEnum: HealthIndex,
  resident: Resident,
  typePrefix: 'Health',
  addressesOf: (ctx: HealthContext, residentIds, at) => addressesAt(ctx.db, residencePeriods, residentIds, at),
});
