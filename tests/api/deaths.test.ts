/**
 * A death ends residency (domain.md, "Positive cases"): a case closed as
 * DECEASED ends the person's residency at the instant of death, as a move-out
 * with reason DECEASED that population records and publishes, so from then
 * they count in no population or health index and leave every list and call
 * list; the case still counts in the case indexes; instants before the death
 * keep their numbers. Through the API, events drained as the consumers would.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, DISTRICT, TOWN_A } from '../support/builders.js';
import { startCasesPlatform } from '../support/cases-builders.js';
import { residentKnownToHealth } from '../support/health-builders.js';
import type { TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let dead: number;
let survivor: number;
let caseId: string;
let beforeDeath: string;
let diedAt: string;

const INDEXES = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) {
    population(asOf: $asOf) { residents people(index: RESIDENTS, first: 500) { totalCount edges { node { id } } } }
    health(asOf: $asOf) {
      testing { untested72h }
      healthCodes { green yellow red }
      people(index: UNTESTED_72H, first: 500) { totalCount edges { node { id } } }
    }
    cases(asOf: $asOf) { active }
  }
}`;
const CALL_LIST = `query($code: ID!) { region(code: $code) { untestedResidents(withinHours: 72, first: 500) { totalCount edges { node { id } } } } }`;
const RESIDENT = `query($id: ID!) { resident(id: $id) { id movedOutAt residencyEndReason statedMovedOutAt } }`;

const ids = (list: { edges: { node: { id: string } }[] }) => list.edges.map((edge) => Number(edge.node.id)).sort((a, b) => a - b);

beforeAll(async () => {
  ({ platform } = await startCasesPlatform());
  dead = (await residentKnownToHealth(platform, { community: COMMUNITY_A1 })).id;
  survivor = (await residentKnownToHealth(platform, { community: COMMUNITY_A1 })).id;
  const reported = await platform.data(`mutation($input: ReportCaseInput!) { reportCase(input: $input) { id } }`, {
    input: { residentId: String(dead), classification: 'SEVERE' },
  });
  caseId = reported.reportCase.id;
  await platform.drainEvents();
  beforeDeath = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await platform.data(`mutation($id: ID!) { recordDeath(id: $id, note: "Respiratory failure") { id } }`, { id: caseId });
  await platform.drainEvents();
  const timeline = await platform.data(`query($id: ID!) { case(id: $id) { timeline { type at } } }`, { id: caseId });
  diedAt = timeline.case.timeline.find((event: { type: string }) => event.type === 'DECEASED').at;
});
afterAll(() => platform?.stop());

describe('a death', () => {
  test('ends the residency at the instant of death, shown as such', async () => {
    const { resident } = await platform.data(RESIDENT, { id: String(dead) });
    expect(resident).toEqual({ id: String(dead), movedOutAt: diedAt, residencyEndReason: 'DECEASED', statedMovedOutAt: null });
    expect((await platform.data(RESIDENT, { id: String(survivor) })).resident.movedOutAt).toBeNull();
  });

  test('from then on, the person counts in no population or health index and is on no list', async () => {
    for (const code of [DISTRICT, TOWN_A, COMMUNITY_A1]) {
      const { region } = await platform.data(INDEXES, { code });
      expect(region.population.residents).toBe(1);
      expect(ids(region.population.people)).toEqual([survivor]);
      const codes = region.health.healthCodes;
      expect(codes.green + codes.yellow + codes.red).toBe(1);
      expect(region.health.testing.untested72h).toBe(1);
      expect(ids(region.health.people)).toEqual([survivor]);
      // The case still counts where it was reported, though no longer active.
      expect(region.cases.active).toBe(0);
    }
    const { region } = await platform.data(CALL_LIST, { code: COMMUNITY_A1 });
    expect(ids(region.untestedResidents)).toEqual([survivor]);
  });

  test('instants before the death keep their numbers', async () => {
    const { region } = await platform.data(INDEXES, { code: COMMUNITY_A1, asOf: beforeDeath });
    expect(region.population.residents).toBe(2);
    expect(ids(region.population.people)).toEqual([dead, survivor].sort((a, b) => a - b));
    expect(region.health.healthCodes.red).toBe(1); // the active case
    expect(region.cases.active).toBe(1);
    expect((await platform.data(INDEXES, { code: COMMUNITY_A1, asOf: diedAt })).region.population.residents).toBe(1);
  });

  test('only a new registration makes the person a resident again', async () => {
    const again = await platform.gql(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: String(dead) });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain('register them again');
  });
});
