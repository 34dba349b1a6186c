/**
 * Every health drill-down list of a region at an instant in one request, with
 * the index values beside them: for tests that check who a health index
 * counts (HealthIndexes.people(index:)).
 */
import type { TestPlatform } from './platform.js';

/** Each list's index: the enum value and where its value sits in HealthIndexes. */
export const HEALTH_INDEX_FIELDS = {
  SAMPLED_TODAY: 'testing.sampledToday',
  WITHIN_24H: 'testing.within24h',
  WITHIN_48H: 'testing.within48h',
  WITHIN_72H: 'testing.within72h',
  UNTESTED_72H: 'testing.untested72h',
  PENDING_RESULTS: 'testing.pendingResults',
  POSITIVE_TODAY: 'testing.positiveToday',
  POOL_POSITIVE_PENDING_RETEST: 'testing.poolPositivePendingRetest',
  EXEMPT: 'testing.exempt',
  FIRST_DOSE: 'vaccination.firstDose',
  FULLY_VACCINATED: 'vaccination.fullyVaccinated',
  BOOSTED: 'vaccination.boosted',
  ELDERLY_80_PLUS_UNVACCINATED: 'vaccination.elderly80PlusUnvaccinated',
  GREEN: 'healthCodes.green',
  YELLOW: 'healthCodes.yellow',
  RED: 'healthCodes.red',
  HOME_OBSERVATION_ACTIVE: 'homeObservation.active',
  ABNORMAL_SCANS_24H: 'venues.abnormalScans24h',
} as const;
export type HealthIndexName = keyof typeof HEALTH_INDEX_FIELDS;
export const HEALTH_INDEXES = Object.keys(HEALTH_INDEX_FIELDS) as HealthIndexName[];

const EVERY_LIST = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) {
    health(asOf: $asOf) {
      testing { sampledToday within24h within48h within72h untested72h pendingResults positiveToday poolPositivePendingRetest exempt }
      vaccination { firstDose fullyVaccinated boosted elderly80PlusUnvaccinated }
      healthCodes { green yellow red }
      homeObservation { active }
      venues { abnormalScans24h }
      ${HEALTH_INDEXES.map((index) => `${index}: people(index: ${index}, first: 500) { totalCount pageInfo { hasNextPage } edges { node { id } } }`).join('\n')}
    }
  }
}`;

export interface PeopleList {
  totalCount: number;
  pageInfo: { hasNextPage: boolean };
  edges: { node: { id: string } }[];
}

/** A region's health indexes at `asOf` (null: now), each list under its enum value. */
export async function healthListsOf(platform: TestPlatform, code: string, asOf: Date | null): Promise<Record<string, any> & Record<HealthIndexName, PeopleList>> {
  return (await platform.data(EVERY_LIST, { code, asOf: asOf?.toISOString() })).region.health;
}

/** The value of an index in the object healthListsOf returns. */
export const indexValue = (indexes: Record<string, any>, index: HealthIndexName): number =>
  HEALTH_INDEX_FIELDS[index].split('.').reduce((value: any, key) => value[key], indexes);

/** The resident IDs of a list, in its order. */
export const listedIds = (list: PeopleList) => list.edges.map((edge) => Number(edge.node.id));

/** The lists a resident is on. */
export function listsOf(indexes: Record<HealthIndexName, PeopleList>, residentId: number): HealthIndexName[] {
  return HEALTH_INDEXES.filter((index) => listedIds(indexes[index]).includes(residentId));
}
