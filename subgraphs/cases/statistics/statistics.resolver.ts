import { addressesAt } from '../../shared/residence/addresses-at.js';
import { indexPeopleResolver, regionStatisticsResolver } from '../../shared/snapshot/statistics-resolver.js';
import type { CasesContext } from '../context.js';
import { residencePeriods } from '../db.js';
import { Region } from '../region/region.type.js';
import { Resident } from '../resident/resident.type.js';
import { CaseIndex, CaseIndexes } from './case-indexes.type.js';

export const CaseStatisticsResolver = regionStatisticsResolver(
  Region,
  CaseIndexes,
  'cases',
  'The 5 case indexes of this region at an instant (domain.md): cases in the community at report, close contacts where they live.',
);

/** CaseIndexes.people(index:): the residents behind one case index, ordered within a community by their address at the instant. */
export const CaseIndexPeopleResolver = indexPeopleResolver({
  indexes: CaseIndexes,
  indexEnum: CaseIndex,
  resident: Resident,
  typePrefix: 'Case',
  addressesOf: (ctx: CasesContext, residentIds, at) => addressesAt(ctx.db, residencePeriods, residentIds, at),
});
