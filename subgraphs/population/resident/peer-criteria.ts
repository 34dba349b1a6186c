/**
 * The criteria of `residents(filter:)` whose facts live in other subgraphs:
 * the health code and vaccination (health), active work permits (permits).
 * Population asks each for the IDs that meet them, through their internal
 * fields (hidden from the API), and keeps the residents in every answer. One
 * request per subgraph per search, whatever the page.
 */
import type { EntityClient } from '../../shared/entity-client.js';
import { decodeResidentIds } from '../../shared/resident-id-set.js';
import type { Viewer } from '../../shared/viewer.js';
import type { ResidentFilter } from './resident-filter.js';

const HEALTH = `query PopulationSearchHealth($regionCode: ID!, $colors: [CodeColor!], $reason: HealthCodeReason, $vaccination: [VaccinationLevel!]) {
  residentIdsMatchingHealth(regionCode: $regionCode, colors: $colors, reason: $reason, vaccination: $vaccination)
}`;
const PERMITS = `query PopulationSearchPermits { activePermitHolderIds }`;

/** Which residents may match, as far as other subgraphs' criteria tell: null when the filter has none. */
export interface PeerMatches {
  /** Only these residents (null: no such restriction). */
  only: ReadonlySet<number> | null;
  /** None of these residents (null: no such restriction). */
  except: ReadonlySet<number> | null;
}

/**
 * What health and permits say of the filter's criteria, for residents of `regionCode` (the most specific of the
 * filter's region and the viewer's scope); null when the filter asks neither.
 */
export async function peerMatches(entities: EntityClient, viewer: Viewer, filter: ResidentFilter, regionCode: string): Promise<PeerMatches | null> {
  const asksHealth = filter.healthCodeColors != null || filter.healthCodeReason != null || filter.vaccinationLevels != null;
  const asksPermits = filter.holdsActivePermit != null;
  if (!asksHealth && !asksPermits) return null;
  const [health, holders] = await Promise.all([
    asksHealth
      ? entities.query<{ residentIdsMatchingHealth: string }>(
          'health',
          HEALTH,
          { regionCode, colors: filter.healthCodeColors ?? null, reason: filter.healthCodeReason ?? null, vaccination: filter.vaccinationLevels ?? null },
          viewer,
        )
      : null,
    asksPermits ? entities.query<{ activePermitHolderIds: string }>('permits', PERMITS, {}, viewer) : null,
  ]);
  let only: Set<number> | null = health && new Set(decodeResidentIds(health.residentIdsMatchingHealth));
  let except: Set<number> | null = null;
  if (holders) {
    const holderIds = decodeResidentIds(holders.activePermitHolderIds);
    if (filter.holdsActivePermit) only = only ? new Set(holderIds.filter((id) => only!.has(id))) : new Set(holderIds);
    else except = new Set(holderIds);
  }
  return { only, except };
}

/** Whether a resident passes the other subgraphs' criteria. */
export function passes(matches: PeerMatches | null, residentId: number): boolean {
  return matches === null || ((matches.only === null || matches.only.has(residentId)) && (matches.except === null || !matches.except.has(residentId)));
}
