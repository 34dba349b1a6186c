/**
 * CaseIndexes.people(index:) through the gateway, and where close contacts
 * count: the residents behind each case index, whose total is the index at
 * the same instant and region (past instants and the present, every level),
 * each resident once, in the first community that counts them, ordered by
 * the address they had at the instant (a resident who died and moved out
 * keeps their last one). A close contact counts where they live at the
 * instant, not in the communities of the cases they were exposed to.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { startCasesPlatform, type CasesBuilders } from '../support/cases-builders.js';
import { DAY, HOUR, plus } from '../support/health-builders.js';
import { errorOf, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let cases: CasesBuilders;

/** The start of the Shanghai calendar day three days ago: D + 12 h is a past instant on a known day. */
const SHANGHAI = 8 * HOUR;
const D = new Date(Math.floor((Date.now() + SHANGHAI) / DAY) * DAY - SHANGHAI - 3 * DAY);
const T0 = plus(D, -12 * HOUR);
const T1 = plus(D, 12 * HOUR);

const ids: Record<string, string> = {};
/** The instant just before contact Y moved from A2 to B2 (now, during the setup). */
let beforeMove: Date;

beforeAll(async () => {
  ({ platform, cases } = await startCasesPlatform());
  const person = async (key: string, community: string, address: string, movedOutAt?: Date) => {
    ids[key] = String((await platform.seed.resident({ community, address, name: `Resident ${key}`, movedOutAt })).id);
  };
  await person('r1', COMMUNITY_A1, 'Lane 3, Room 101');
  await person('r2', COMMUNITY_A1, 'Lane 1, Room 101');
  await person('r3', COMMUNITY_A1, 'Lane 2, Room 101');
  await person('r4', COMMUNITY_A2, 'Lane 7, Room 101');
  await person('r5', COMMUNITY_B2, 'Lane 8, Room 101');
  await person('r6', COMMUNITY_B1, 'Lane 4, Room 101');
  // Died of their case at D + 3 h; population records the death as a move-out.
  await person('dead', COMMUNITY_A1, 'Lane 0, Room 101', plus(D, 3 * HOUR));
  await person('X', COMMUNITY_B1, 'Lane 9, Room 101');
  await person('Y', COMMUNITY_A2, 'Lane 6, Room 101');
  await platform.drainEvents();

  const makeshift = (await cases.facility({ type: 'MAKESHIFT_HOSPITAL' })).id;
  const id = (key: string) => Number(ids[key]);
  await cases.positiveCase({ residentId: id('r1'), communityCode: COMMUNITY_A1, reportedAt: plus(D, 2 * HOUR) });
  const c2 = await cases.positiveCase({
    residentId: id('r2'),
    communityCode: COMMUNITY_A1,
    reportedAt: plus(D, -5 * DAY),
    steps: [{ at: plus(D, -4 * DAY), type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId: makeshift }],
  });
  await cases.positiveCase({
    residentId: id('r3'),
    communityCode: COMMUNITY_A1,
    reportedAt: plus(D, -10 * DAY),
    steps: [
      { at: plus(D, -9 * DAY), type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId: makeshift },
      { at: plus(D, -1 * DAY), type: 'DISCHARGED', status: 'DISCHARGED' },
    ],
  });
  const c4 = await cases.positiveCase({ residentId: id('r4'), communityCode: COMMUNITY_A2, reportedAt: plus(D, 4 * HOUR) });
  const c5 = await cases.positiveCase({ residentId: id('r5'), communityCode: COMMUNITY_B2, reportedAt: plus(D, -2 * DAY) });
  // r6: two discharged cases, in A2 and then in B1: once per list, in A2 (the first community).
  await cases.positiveCase({ residentId: id('r6'), communityCode: COMMUNITY_A2, reportedAt: plus(D, -20 * DAY), steps: [{ at: plus(D, -15 * DAY), type: 'DISCHARGED', status: 'DISCHARGED' }] });
  await cases.positiveCase({ residentId: id('r6'), communityCode: COMMUNITY_B1, reportedAt: plus(D, -12 * DAY), steps: [{ at: plus(D, -2 * DAY), type: 'DISCHARGED', status: 'DISCHARGED' }] });
  await cases.positiveCase({ residentId: id('dead'), communityCode: COMMUNITY_A1, reportedAt: plus(D, HOUR), steps: [{ at: plus(D, 3 * HOUR), type: 'DECEASED', status: 'DECEASED' }] });

  // X (living in B1) is a contact of cases in town A (A1) and town B (B2); Y (A2, moving to B2 now) of a case in A2.
  await cases.contact({ caseId: c2.id, residentId: id('X'), startsAt: plus(D, HOUR), endsAt: plus(D, 15 * DAY) });
  await cases.contact({ caseId: c5.id, residentId: id('X'), startsAt: plus(D, HOUR), endsAt: plus(D, 15 * DAY) });
  await cases.contact({ caseId: c4.id, residentId: id('Y'), startsAt: plus(D, 13 * HOUR), endsAt: plus(D, 27 * DAY) });

  beforeMove = new Date();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await platform.data(`mutation($id: ID!) { updateResident(id: $id, input: { communityCode: "${COMMUNITY_B2}", address: "Lane 5, Room 202" }) { id } }`, { id: ids.Y });
  await platform.drainEvents();
});
afterAll(() => platform?.stop());

const INDEXES = ['newToday', 'active', 'inFacility', 'discharged', 'closeContactsInQuarantine'] as const;
type IndexName = (typeof INDEXES)[number];
const ENUM: Record<IndexName, string> = {
  newToday: 'NEW_TODAY',
  active: 'ACTIVE',
  inFacility: 'IN_FACILITY',
  discharged: 'DISCHARGED',
  closeContactsInQuarantine: 'CLOSE_CONTACTS_IN_QUARANTINE',
};

/** Every index of a region with the whole list behind each (one request: one present instant). */
const WITH_PEOPLE = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) {
    cases(asOf: $asOf) {
      ${INDEXES.join(' ')}
      ${INDEXES.map((index) => `${index}People: people(index: ${ENUM[index]}, first: 500) { totalCount pageInfo { hasNextPage } edges { node { id } } }`).join('\n      ')}
    }
  }
}`;

interface PeopleConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean };
  edges: { node: { id: string } }[];
}

async function indexesWithPeople(code: string, asOf: Date | null) {
  const cases = (await platform.data(WITH_PEOPLE, { code, asOf: asOf?.toISOString() ?? null })).region.cases as Record<string, number | PeopleConnection>;
  return Object.fromEntries(INDEXES.map((index) => [index, { value: cases[index] as number, people: cases[`${index}People`] as PeopleConnection }]));
}

const keysOf = (connection: PeopleConnection) => connection.edges.map((edge) => Object.keys(ids).find((key) => ids[key] === edge.node.id) ?? edge.node.id);

describe('close contacts count where they live', () => {
  const CONTACTS = `query($code: ID!, $asOf: DateTime) { region(code: $code) { cases(asOf: $asOf) { closeContactsInQuarantine } children { code cases(asOf: $asOf) { closeContactsInQuarantine } } } }`;
  const contactsAt = async (code: string, asOf: Date | null) => {
    const region = (await platform.data(CONTACTS, { code, asOf: asOf?.toISOString() ?? null })).region;
    return {
      [code]: region.cases.closeContactsInQuarantine,
      ...Object.fromEntries(region.children.map((child: { code: string; cases: { closeContactsInQuarantine: number } }) => [child.code, child.cases.closeContactsInQuarantine])),
    };
  };

  test('a contact of cases in two towns: once in the district, once in the town and community where they live, not in the other town', async () => {
    expect(await contactsAt(DISTRICT, T1)).toEqual({ [DISTRICT]: 1, [TOWN_A]: 0, [TOWN_B]: 1, [TOWN_EMPTY]: 0 });
    expect(await contactsAt(TOWN_B, T1)).toEqual({ [TOWN_B]: 1, [COMMUNITY_B1]: 1, [COMMUNITY_B2]: 0 });
    expect(await contactsAt(TOWN_A, T1)).toEqual({ [TOWN_A]: 0, [COMMUNITY_A1]: 0, [COMMUNITY_A2]: 0 });
  });

  test('a contact who moves counts where they lived at a past instant and where they live now in the present', async () => {
    expect(await contactsAt(DISTRICT, beforeMove)).toEqual({ [DISTRICT]: 2, [TOWN_A]: 1, [TOWN_B]: 1, [TOWN_EMPTY]: 0 });
    expect(await contactsAt(TOWN_A, beforeMove)).toMatchObject({ [COMMUNITY_A2]: 1 });
    expect(await contactsAt(DISTRICT, null)).toEqual({ [DISTRICT]: 2, [TOWN_A]: 0, [TOWN_B]: 2, [TOWN_EMPTY]: 0 });
    expect(await contactsAt(TOWN_B, null)).toEqual({ [TOWN_B]: 2, [COMMUNITY_B1]: 1, [COMMUNITY_B2]: 1 });
  });
});

describe('CaseIndexes.people(index:)', () => {
  test('each list at a past instant: the residents counted, each once, in the first community, by address', async () => {
    const district = await indexesWithPeople(DISTRICT, T1);
    const lists = Object.fromEntries(INDEXES.map((index) => [index, keysOf(district[index]!.people)]));
    expect(lists).toEqual({
      // The dead resident still counts (reported today), listed at their last address (Lane 0) before r1's (Lane 3).
      newToday: ['dead', 'r1', 'r4'],
      active: ['r2', 'r1', 'r4', 'r5'],
      inFacility: ['r2'],
      // r6 has discharged cases in A2 and B1: once, in A2.
      discharged: ['r3', 'r6'],
      closeContactsInQuarantine: ['X'],
    });
    for (const index of INDEXES) expect(district[index]!.people.totalCount, index).toBe(district[index]!.value);
  });

  test('totalCount equals the index at past instants and now, for every level, and each list holds it exactly', async () => {
    const regions = [DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY, COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2];
    const seen: Record<IndexName, number> = { newToday: 0, active: 0, inFacility: 0, discharged: 0, closeContactsInQuarantine: 0 };
    for (const asOf of [T0, T1, beforeMove, null]) {
      for (const code of regions) {
        const values = await indexesWithPeople(code, asOf);
        for (const index of INDEXES) {
          const { value, people } = values[index]!;
          const where = `${index} in ${code} at ${asOf?.toISOString() ?? 'now'}`;
          expect(people.totalCount, where).toBe(value);
          expect(people.edges, where).toHaveLength(value);
          expect(new Set(people.edges.map((edge) => edge.node.id)).size, where).toBe(value);
          expect(people.pageInfo.hasNextPage, where).toBe(false);
          seen[index] += value;
        }
      }
    }
    // Every index was non-zero somewhere, so the equalities above are not all 0 = 0.
    for (const index of INDEXES) expect(seen[index], index).toBeGreaterThan(0);
  });

  test('pages through the gateway with the residents\' details, ordered by community, then address', async () => {
    const PAGE = `query($code: ID!, $asOf: DateTime, $first: Int, $after: String) {
      region(code: $code) { cases(asOf: $asOf) { newToday people(index: NEW_TODAY, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id name community { code } } } } } } }`;
    const first = (await platform.data(PAGE, { code: DISTRICT, asOf: T1.toISOString(), first: 2 })).region.cases.people;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.map((edge: { node: { id: string; name: string } }) => edge.node.name)).toEqual(['Resident dead', 'Resident r1']);
    const rest = (await platform.data(PAGE, { code: DISTRICT, asOf: T1.toISOString(), first: 2, after: first.pageInfo.endCursor })).region.cases.people;
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(rest.edges.map((edge: { node: { id: string; community: { code: string } } }) => [edge.node.id, edge.node.community.code])).toEqual([[ids.r4, COMMUNITY_A2]]);
  });

  test('an unknown index is refused', async () => {
    const response = await platform.gql(`{ region(code: "${DISTRICT}") { cases { people(index: RED) { totalCount } } } }`);
    expect(errorOf(response)?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
