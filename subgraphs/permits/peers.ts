/**
 * What permits asks other subgraphs, one entity at a time, through their
 * `_entities` (federation's entity fetch; see shared/entity-client.ts):
 * population whether a resident or a community exists, health a holder's
 * health code and latest samples. Permits keeps no copy of either's data
 * and no copy of the health-code rules.
 */
import type { EntityClient } from '../shared/entity-client.js';
import type { Viewer } from '../shared/viewer.js';
import type { HolderHealth } from './permit/permit.rules.js';

const RESIDENTS = `query PermitsResidents($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Resident { id movedOutAt } }
}`;

const REGIONS = `query PermitsRegions($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Region { code level } }
}`;

/** Samples asked for at approval: far more than anyone gives in 48 h. */
const SAMPLES_CHECKED = 20;

const HOLDER_HEALTH = `query PermitsHolderHealth($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Resident {
      healthCode { color reasons { code } }
      nucleicAcidTests(first: ${SAMPLES_CHECKED}) { sampledAt result resultAt }
    }
  }
}`;

const HOLDER_CODES = `query PermitsHolderCodes($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Resident { healthCode { color } } }
}`;

type Color = 'GREEN' | 'YELLOW' | 'RED';

export interface Peers {
  /** Population's answer: the resident exists and the viewer may see them (null otherwise). */
  resident(id: number): Promise<{ movedOutAt: Date | null } | null>;
  /** Population's answer: the region's level, null when no such region (or outside the viewer's scope). */
  regionLevel(code: string): Promise<string | null>;
  /** Health's code and latest samples of one holder. */
  holderHealth(residentId: number): Promise<HolderHealth>;
  /** Health's code colour of each holder now (null when health does not know them), in one call. */
  holderColors(residentIds: readonly number[]): Promise<(Color | null)[]>;
}

export function createPeers(client: EntityClient, viewer: Viewer): Peers {
  const residentRef = (id: number) => ({ __typename: 'Resident', id: String(id) });
  return {
    async resident(id) {
      const [found] = await client.fetchEntities<{ id?: string; movedOutAt?: string | null }>('population', RESIDENTS, [residentRef(id)], viewer);
      return found?.id ? { movedOutAt: found.movedOutAt ? new Date(found.movedOutAt) : null } : null;
    },
    async regionLevel(code) {
      const [found] = await client.fetchEntities<{ code?: string; level?: string }>('population', REGIONS, [{ __typename: 'Region', code }], viewer);
      return found?.level ?? null;
    },
    async holderHealth(residentId) {
      type Answer = {
        healthCode: { color: Color; reasons: { code: string }[] } | null;
        nucleicAcidTests: { sampledAt: string; result: HolderHealth['samples'][number]['result']; resultAt: string | null }[];
      };
      const [found] = await client.fetchEntities<Answer>('health', HOLDER_HEALTH, [residentRef(residentId)], viewer);
      return {
        code: found?.healthCode ? { color: found.healthCode.color, reasons: found.healthCode.reasons.map((r) => r.code) } : null,
        samples: (found?.nucleicAcidTests ?? []).map((s) => ({
          sampledAt: new Date(s.sampledAt),
          result: s.result,
          resultAt: s.resultAt ? new Date(s.resultAt) : null,
        })),
      };
    },
    async holderColors(residentIds) {
      const found = await client.fetchEntities<{ healthCode: { color: Color } | null }>('health', HOLDER_CODES, residentIds.map(residentRef), viewer);
      return found.map((entity) => entity?.healthCode?.color ?? null);
    },
  };
}
