/**
 * Access control, the whole matrix: every role × every operation of the client
 * contract (tests/contract/operations.graphql, sent as written) × where the
 * data lies (inside the viewer's region, in a sibling region, in an ancestor).
 * The expectations are an explicit table, written from the role table
 * (subgraphs/shared/auth/roles.ts) and the scope rules (README, "Who may see
 * what"), not computed from the code under test.
 *
 *   OK         the operation runs; lists hold only rows inside the viewer's region
 *   FORBIDDEN  refused: a root field or mutation the role may not use, or a real region outside the scope
 *   NOT_FOUND  a change to a row the viewer may not see (indistinguishable from an unknown ID)
 *   NULL       a lookup of a row the viewer may not see reads null, without an error
 *
 * Places: "inside" is the viewer's own region (rows in community A1); "sibling" a region next to it (town B for
 * a town-level viewer, community A2 for A1's worker); "ancestor" a region above it (the district for a town-level
 * viewer, town A for A1's worker), whose rows are those outside the viewer's region (in B1). District-level
 * roles (DISTRICT_ADMIN, LAB_PARTNER) have no sibling or ancestor in the district.
 *
 * Personal-data masking is not asserted here (another module's job): only allowed / refused / not found, and
 * that no row outside the viewer's region appears.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, print, type OperationDefinitionNode, type FragmentDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadPartnerDocuments } from '../../gateway/partners/trusted-documents.js';
import { buildAllSubgraphs } from '../../gateway/platform.js';
import { createEntityClient, type LocalSubgraph } from '../../subgraphs/shared/entity-client.js';
import type { ViewerRole } from '../../subgraphs/shared/viewer.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, DISTRICT, TOWN_A, TOWN_B, type BuiltResident } from '../support/builders.js';
import { casesBuilders } from '../support/cases-builders.js';
import { DAY, healthBuilders, HOUR, plus } from '../support/health-builders.js';
import { permitsBuilders } from '../support/permits-builders.js';
import { startTestPlatform, TEST_CONFIG, tokenFor, type GraphQLResponse, type TestPlatform, type TestViewer } from '../support/platform.js';

// ---------------------------------------------------------------------------
// The contract's operations, as clients send them.

const CONTRACT = parse(readFileSync(new URL('../contract/operations.graphql', import.meta.url), 'utf8'));
const FRAGMENTS = CONTRACT.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition');
function operation(name: string): string {
  const op = CONTRACT.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.name?.value === name);
  if (!op) throw new Error(`No operation ${name} in the contract.`);
  const text = print(op);
  return [text, ...FRAGMENTS.filter((f) => text.includes(`...${f.name.value}`)).map(print)].join('\n');
}

/** Partners send a trusted document's hash (roles.ts `trustedDocumentsOnly`); an operation not in their manifest is unknown. */
const PARTNER_ROLES = new Set<ViewerRole>(['LAB_PARTNER', 'PERMIT_BUREAU']);
const PARTNER_DOCUMENTS = loadPartnerDocuments();

async function sendByHash(op: string, variables: Record<string, unknown>, viewer: TestViewer): Promise<GraphQLResponse> {
  const trusted = [...PARTNER_DOCUMENTS.values()].find((document) => document.operationName === op);
  const sha256Hash = trusted?.hash ?? createHash('sha256').update(operation(op)).digest('hex');
  const response = await fetch(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(viewer)}` },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** The value at an error's path in the response data (undefined past a null). */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value ?? null;
}

// ---------------------------------------------------------------------------
// Who asks, and where the data lies for each of them.

type Place = 'inside' | 'sibling' | 'ancestor';
type Outcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND' | 'NULL';
const [OK, F, NF, NULL] = ['OK', 'FORBIDDEN', 'NOT_FOUND', 'NULL'] as const;

const VIEWERS: Record<ViewerRole, TestViewer> = {
  DISTRICT_ADMIN: { id: 'matrix-admin', role: 'DISTRICT_ADMIN', regionCode: DISTRICT },
  TOWN_OFFICER: { id: 'matrix-town', role: 'TOWN_OFFICER', regionCode: TOWN_A },
  COMMUNITY_WORKER: { id: 'matrix-worker', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A1 },
  ANALYST: { id: 'matrix-analyst', role: 'ANALYST', regionCode: TOWN_A },
  LAB_PARTNER: { id: 'matrix-lab', role: 'LAB_PARTNER', regionCode: DISTRICT },
  PERMIT_BUREAU: { id: 'matrix-bureau', role: 'PERMIT_BUREAU', regionCode: TOWN_A },
};

/** The region code an operation is asked about, and the community of the rows it reads or changes. */
interface Where {
  code: string;
  community: string;
}
const TOWN_A_PLACES: Record<Place, Where> = {
  inside: { code: TOWN_A, community: COMMUNITY_A1 },
  sibling: { code: TOWN_B, community: COMMUNITY_B1 },
  ancestor: { code: DISTRICT, community: COMMUNITY_B1 },
};
const DISTRICT_PLACES: Partial<Record<Place, Where>> = { inside: { code: DISTRICT, community: COMMUNITY_A1 } };
const PLACES: Record<ViewerRole, Partial<Record<Place, Where>>> = {
  DISTRICT_ADMIN: DISTRICT_PLACES,
  TOWN_OFFICER: TOWN_A_PLACES,
  COMMUNITY_WORKER: {
    inside: { code: COMMUNITY_A1, community: COMMUNITY_A1 },
    sibling: { code: COMMUNITY_A2, community: COMMUNITY_A2 },
    ancestor: { code: TOWN_A, community: COMMUNITY_B1 },
  },
  ANALYST: TOWN_A_PLACES,
  LAB_PARTNER: DISTRICT_PLACES,
  PERMIT_BUREAU: TOWN_A_PLACES,
};

// ---------------------------------------------------------------------------
// The expectation table: [inside, sibling, ancestor] (district-level roles: [inside]).

type Operation =
  | 'RegionDashboard'
  | 'UntestedResidents'
  | 'RecordOutreach'
  | 'SearchResidents'
  | 'ResidentProfile'
  | 'SubmitNucleicAcidResults'
  | 'Cases'
  | 'TransferCase'
  | 'DischargeCase'
  | 'ApplyWorkPermit'
  | 'ApproveWorkPermit';

// Columns: DISTRICT_ADMIN (310118), TOWN_OFFICER (town A), COMMUNITY_WORKER (A1), ANALYST (town A), LAB_PARTNER (310118),
// PERMIT_BUREAU (town A). Root fields and mutations a role may not use are FORBIDDEN wherever the data lies (roles.ts).
const row = (admin: Outcome[], town: Outcome[], worker: Outcome[], analyst: Outcome[], lab: Outcome[], bureau: Outcome[]): Record<ViewerRole, Outcome[]> => ({
  DISTRICT_ADMIN: admin,
  TOWN_OFFICER: town,
  COMMUNITY_WORKER: worker,
  ANALYST: analyst,
  LAB_PARTNER: lab,
  PERMIT_BUREAU: bureau,
});

const EXPECTED: Record<Operation, Record<ViewerRole, Outcome[]>> = {
  // A region's indexes and call list: a real region outside the scope is FORBIDDEN, an ancestor's included (its name is readable).
  // Partners run only their trusted documents (gateway/trusted-documents/partners.graphql): the dashboard is not one.
  RegionDashboard: row([OK], [OK, F, F], [OK, F, F], [OK, F, F], [F], [F, F, F]),
  UntestedResidents: row([OK], [OK, F, F], [OK, F, F], [OK, F, F], [F], [F, F, F]),
  // A change to a resident outside the scope: NOT_FOUND, as an unknown ID.
  RecordOutreach: row([OK], [OK, NF, NF], [OK, NF, NF], [F, F, F], [F], [F, F, F]),
  // A list filtered by a region outside the scope: FORBIDDEN.
  SearchResidents: row([OK], [OK, F, F], [OK, F, F], [OK, F, F], [F], [F, F, F]),
  // One resident outside the scope reads null, as an unknown ID.
  ResidentProfile: row([OK], [OK, NULL, NULL], [OK, NULL, NULL], [OK, NULL, NULL], [F], [F, F, F]),
  SubmitNucleicAcidResults: row([OK], [F, F, F], [F, F, F], [F, F, F], [OK], [F, F, F]),
  Cases: row([OK], [OK, F, F], [OK, F, F], [OK, F, F], [F], [F, F, F]),
  TransferCase: row([OK], [OK, NF, NF], [F, F, F], [F, F, F], [F], [F, F, F]),
  DischargeCase: row([OK], [OK, NF, NF], [F, F, F], [F, F, F], [F], [F, F, F]),
  ApplyWorkPermit: row([OK], [OK, NF, NF], [F, F, F], [F, F, F], [F], [OK, NF, NF]),
  ApproveWorkPermit: row([OK], [OK, NF, NF], [F, F, F], [F, F, F], [F], [OK, NF, NF]),
};

// ---------------------------------------------------------------------------
// Data: residents, cases, enterprises with active permits, venues and facilities in A1, A2 and B1.

let platform: TestPlatform;
let health: ReturnType<typeof healthBuilders>;
let cases: ReturnType<typeof casesBuilders>;
let permits: ReturnType<typeof permitsBuilders>;
const COMMUNITIES = [COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1] as const;
interface Seeded {
  residents: BuiltResident[];
  caseId: number;
  enterpriseId: number;
  facilityId: number;
}
const seeded = new Map<string, Seeded>();
/** Every seeded row's ID by kind, with its community, to tell whether a listed row lies in the viewer's region. */
const communityOf = { resident: new Map<string, string>(), case: new Map<string, string>(), enterprise: new Map<string, string>() };
const now = new Date();

async function newResident(community: string): Promise<BuiltResident> {
  const resident = await platform.seed.resident({ community });
  communityOf.resident.set(String(resident.id), community);
  return resident;
}

async function newCase(community: string, transferred: boolean): Promise<number> {
  const resident = await newResident(community);
  const facilityId = seeded.get(community)!.facilityId;
  const row = await cases.positiveCase({
    residentId: resident.id,
    communityCode: community,
    reportedAt: plus(now, -2 * DAY),
    steps: transferred ? [{ at: plus(now, -DAY), type: 'TRANSFERRED', status: 'TRANSFERRED', facilityId }] : [],
  });
  communityOf.case.set(String(row.id), community);
  return row.id;
}

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  health = healthBuilders(platform.test.database.db);
  cases = casesBuilders(platform.test.database.db);
  permits = permitsBuilders(platform.test.database.db);
  await platform.seed.regionTree();
  for (const community of COMMUNITIES) {
    const facility = await cases.facility({ communityCode: community, capacity: 1000 });
    const enterprise = await permits.enterprise({ community, changes: [{ status: 'APPROVED_TO_RESUME', at: plus(now, -10 * DAY) }] });
    communityOf.enterprise.set(String(enterprise.id), community);
    seeded.set(community, { residents: [], caseId: 0, enterpriseId: enterprise.id, facilityId: facility.id });
    const entry = seeded.get(community)!;
    entry.residents = [await newResident(community), await newResident(community)];
    entry.caseId = await newCase(community, false);
    await permits.permit({ residentId: entry.residents[0]!.id, enterpriseId: enterprise.id, appliedAt: plus(now, -5 * DAY), changes: [{ status: 'APPROVED', at: plus(now, -4 * DAY) }] });
    await health.venue({ communityCode: community });
  }
  await platform.drainEvents();
}, 120_000);
afterAll(() => platform?.stop());

// ---------------------------------------------------------------------------
// Each operation: its variables for a place, and what an allowed answer must show.

interface Case {
  variables: Record<string, unknown>;
  /** Checks an allowed answer: the rows it returns lie in the viewer's region. */
  allowed(data: any, viewer: TestViewer, where: Where): void;
}

const inRegion = (community: string | undefined, region: string) => community !== undefined && community.startsWith(region);
const sample = (community: string) => seeded.get(community)!;
let keySequence = 0;

const OPERATIONS: Record<Operation, (where: Where) => Promise<Case>> = {
  async RegionDashboard(where) {
    return {
      variables: { code: where.code },
      allowed(data, viewer) {
        expect(data.region.code).toBe(where.code);
        for (const child of data.region.children) expect(child.code.startsWith(viewer.regionCode), child.code).toBe(true);
      },
    };
  },
  async UntestedResidents(where) {
    return {
      variables: { code: where.code, withinHours: 72, first: 100 },
      allowed(data, viewer) {
        const ids = data.region.untestedResidents.edges.map((edge: any) => edge.node.id);
        expect(ids).toContain(String(sample(where.community).residents[1]!.id));
        for (const id of ids) expect(inRegion(communityOf.resident.get(id), viewer.regionCode), `resident ${id}`).toBe(true);
      },
    };
  },
  async RecordOutreach(where) {
    return {
      variables: { residentId: String(sample(where.community).residents[1]!.id), outcome: 'WILL_TEST', note: 'matrix' },
      allowed(data) {
        expect(data.recordOutreach.outcome).toBe('WILL_TEST');
      },
    };
  },
  async SearchResidents(where) {
    return {
      variables: { filter: { regionCode: where.code }, first: 100 },
      allowed(data, viewer) {
        const ids = data.residents.edges.map((edge: any) => edge.node.id);
        expect(ids).toContain(String(sample(where.community).residents[0]!.id));
        for (const id of ids) expect(inRegion(communityOf.resident.get(id), viewer.regionCode), `resident ${id}`).toBe(true);
      },
    };
  },
  async ResidentProfile(where) {
    const id = String(sample(where.community).residents[0]!.id);
    return {
      variables: { id },
      allowed(data, viewer) {
        expect(data.resident.id).toBe(id);
        for (const member of data.resident.household.members) expect(inRegion(communityOf.resident.get(member.id), viewer.regionCode)).toBe(true);
        for (const permit of data.resident.workPermits) expect(permit.enterprise).not.toBeNull();
      },
    };
  },
  async SubmitNucleicAcidResults(where) {
    const sampledAt = plus(now, -6 * HOUR);
    const row = {
      barcode: `MX${String(++keySequence).padStart(8, '0')}`,
      idNumber: sample(where.community).residents[1]!.idNumber,
      sampledAt: sampledAt.toISOString(),
      tubeType: 'SINGLE',
      result: 'NEGATIVE',
      resultAt: plus(sampledAt, 2 * HOUR).toISOString(),
      lab: 'Matrix lab',
      site: 'Matrix site',
    };
    return {
      variables: { idempotencyKey: `matrix-${keySequence}`, rows: [row] },
      allowed(data) {
        expect(data.submitNucleicAcidResults).toMatchObject({ accepted: 1, rejected: [] });
      },
    };
  },
  async Cases(where) {
    return {
      variables: { code: where.code, first: 100 },
      allowed(data, viewer) {
        const ids = data.cases.edges.map((edge: any) => edge.node.id);
        expect(ids).toContain(String(sample(where.community).caseId));
        for (const id of ids) expect(inRegion(communityOf.case.get(id), viewer.regionCode), `case ${id}`).toBe(true);
      },
    };
  },
  async TransferCase(where) {
    return {
      variables: { id: String(await newCase(where.community, false)), facilityId: String(sample(where.community).facilityId) },
      allowed(data) {
        expect(data.transferCase.status).toBe('TRANSFERRED');
      },
    };
  },
  async DischargeCase(where) {
    return {
      variables: { id: String(await newCase(where.community, true)) },
      allowed(data) {
        expect(data.dischargeCase.status).toBe('DISCHARGED');
      },
    };
  },
  async ApplyWorkPermit(where) {
    const resident = await newResident(where.community);
    return {
      variables: { residentId: String(resident.id), enterpriseId: String(sample(where.community).enterpriseId) },
      allowed(data) {
        expect(data.applyWorkPermit.status).toBe('PENDING');
      },
    };
  },
  async ApproveWorkPermit(where) {
    const resident = await newResident(where.community);
    await platform.drainEvents();
    await health.sample({ residentId: resident.id, sampledAt: plus(now, -5 * HOUR), resultAt: plus(now, -3 * HOUR), result: 'NEGATIVE' });
    const permit = await permits.permit({ residentId: resident.id, enterpriseId: sample(where.community).enterpriseId, appliedAt: plus(now, -HOUR) });
    return {
      variables: { id: String(permit.id) },
      allowed(data) {
        expect(data.approveWorkPermit.status).toBe('APPROVED');
      },
    };
  },
};

// ---------------------------------------------------------------------------
// The matrix.

const PLACE_ORDER: Place[] = ['inside', 'sibling', 'ancestor'];
const MATRIX = (Object.keys(EXPECTED) as Operation[]).flatMap((op) =>
  (Object.keys(VIEWERS) as ViewerRole[]).flatMap((role) =>
    EXPECTED[op][role].map((outcome, index) => {
      const place = PLACE_ORDER[index]!;
      if (!PLACES[role][place]) throw new Error(`The table names ${place} for ${role}, which has no such place.`);
      return { op, role, place, outcome };
    }),
  ),
);

test('the table covers every operation of the contract and every place of every role', () => {
  const contractOps = CONTRACT.definitions.filter((d) => d.kind === 'OperationDefinition').map((d) => (d as OperationDefinitionNode).name!.value);
  expect(Object.keys(EXPECTED).sort()).toEqual([...contractOps].sort());
  for (const op of Object.keys(EXPECTED) as Operation[]) {
    for (const role of Object.keys(VIEWERS) as ViewerRole[]) expect(EXPECTED[op][role].length, `${op} ${role}`).toBe(Object.keys(PLACES[role]).length);
  }
});

describe.each(MATRIX)('$op as $role, $place: $outcome', ({ op, role, place, outcome }) => {
  test('answers as the table says', async () => {
    const viewer = VIEWERS[role];
    const where = PLACES[role][place]!;
    const prepared = await OPERATIONS[op](where);
    const response: GraphQLResponse = PARTNER_ROLES.has(role)
      ? await sendByHash(op, prepared.variables, viewer)
      : await platform.gql(operation(op), prepared.variables, { viewer });
    const codes = (response.errors ?? []).map((error) => error.extensions?.code);
    switch (outcome) {
      case 'OK':
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        prepared.allowed(response.data, viewer, where);
        break;
      case 'NULL':
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        expect(Object.values(response.data ?? {})).toEqual([null]);
        break;
      default:
        expect(codes[0], JSON.stringify(response.errors)).toBe(outcome);
        // Nothing of the refused part leaks: each refused field reads null (an ancestor region's name may show), or nothing ran.
        for (const error of response.errors ?? []) expect(valueAt(response.data, error.path ?? [])).toBeNull();
        if (!response.errors?.some((error) => error.path)) expect(response.data ?? null).toBeNull();
    }
  });
});

// ---------------------------------------------------------------------------
// One answer for an unknown region, wherever a region code is an argument.

describe('a region code that names no region is NOT_FOUND naming the code, whatever its shape and whoever asks', () => {
  const ARGUMENTS: [string, string, (code: string) => Record<string, unknown>][] = [
    ['region', 'query($code: ID!) { region(code: $code) { code name } }', (code) => ({ code })],
    ['regions(parentCode)', 'query($code: ID!) { regions(parentCode: $code) { code } }', (code) => ({ code })],
    ['region.untestedResidents', 'query($code: ID!) { region(code: $code) { untestedResidents(withinHours: 72) { totalCount } } }', (code) => ({ code })],
    ['residents(filter.regionCode)', 'query($code: ID!) { residents(filter: { regionCode: $code }) { totalCount } }', (code) => ({ code })],
    ['cases(filter.regionCode)', 'query($code: ID!) { cases(filter: { regionCode: $code }) { totalCount } }', (code) => ({ code })],
    ['facilities(regionCode)', 'query($code: ID!) { facilities(regionCode: $code) { id } }', (code) => ({ code })],
    ['venues(regionCode)', 'query($code: ID!) { venues(regionCode: $code) { totalCount } }', (code) => ({ code })],
    ['enterprises(filter.regionCode)', 'query($code: ID!) { enterprises(filter: { regionCode: $code }) { totalCount } }', (code) => ({ code })],
    ['resumedWorkers(regionCode)', 'query($code: ID!) { resumedWorkers(regionCode: $code) { totalCount } }', (code) => ({ code })],
  ];
  const CODES = ['999999', 'abc', '310118101999', '', '3101181010011'];
  test.each(ARGUMENTS)('%s', async (_name, query, variables) => {
    for (const viewer of [VIEWERS.DISTRICT_ADMIN, VIEWERS.TOWN_OFFICER]) {
      for (const code of CODES) {
        const response = await platform.gql(query, variables(code), { viewer });
        expect(response.errors?.[0]?.extensions?.code, `${viewer.role} ${JSON.stringify(code)}: ${JSON.stringify(response.errors)}`).toBe('NOT_FOUND');
        expect(response.errors?.[0]?.message).toContain(`"${code}"`);
      }
      // A real region outside the scope is FORBIDDEN (the town officer), inside it answers (the administrator).
      const sibling = await platform.gql(query, variables(TOWN_B), { viewer });
      if (viewer.role === 'TOWN_OFFICER') expect(sibling.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      else expect(sibling.errors, JSON.stringify(sibling.errors)).toBeUndefined();
    }
  });
});

// ---------------------------------------------------------------------------
// Lists without a region argument, and ancestors' metadata.

describe('lists show only rows inside the viewer\'s region', () => {
  const LISTS = `{
    residents(first: 500) { edges { node { id household { members { id } } tagHistory { taggedBy } } } }
    cases(first: 500) { edges { node { id } } }
    enterprises(first: 500) { edges { node { id } } }
    venues(first: 500) { edges { node { community { code } } } }
    facilities { community { code } }
    regions { code }
  }`;
  test.each([VIEWERS.TOWN_OFFICER, VIEWERS.COMMUNITY_WORKER, VIEWERS.ANALYST])('$role of $regionCode', async (viewer) => {
    const response = await platform.gql(LISTS, {}, { viewer });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const data = response.data;
    const residentIds = data.residents.edges.flatMap((e: any) => [e.node.id, ...e.node.household.members.map((m: any) => m.id)]);
    expect(residentIds.length).toBeGreaterThan(0);
    for (const id of residentIds) expect(inRegion(communityOf.resident.get(id), viewer.regionCode), `resident ${id}`).toBe(true);
    for (const edge of data.cases.edges) expect(inRegion(communityOf.case.get(edge.node.id), viewer.regionCode), `case ${edge.node.id}`).toBe(true);
    for (const edge of data.enterprises.edges) expect(inRegion(communityOf.enterprise.get(edge.node.id), viewer.regionCode)).toBe(true);
    for (const edge of data.venues.edges) expect(edge.node.community.code.startsWith(viewer.regionCode)).toBe(true);
    for (const facility of data.facilities) expect(facility.community.code.startsWith(viewer.regionCode)).toBe(true);
    // Regions: those inside, and the ones above (named, not counted).
    for (const region of data.regions) expect(region.code.startsWith(viewer.regionCode) || viewer.regionCode.startsWith(region.code), region.code).toBe(true);
  });

  test('resumedWorkers of the viewer\'s own region hold only its enterprises', async () => {
    const viewer = VIEWERS.PERMIT_BUREAU;
    // The bureau's trusted document (a partner sends no query text).
    const response = await sendByHash('ResumedWorkers', { regionCode: TOWN_A, first: 500 }, viewer);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data.resumedWorkers.edges.length).toBeGreaterThan(0);
    for (const edge of response.data.resumedWorkers.edges) expect(inRegion(communityOf.enterprise.get(edge.node.enterprise.id), TOWN_A)).toBe(true);
  });

  test('a row inside the region naming a person outside it keeps the row and hides the person', async () => {
    // A case in A1 whose close contact lives in B1; a permit at an A1 enterprise held by someone living in B1.
    const outsider = await newResident(COMMUNITY_B1);
    await platform.drainEvents();
    const caseId = await newCase(COMMUNITY_A1, false);
    await cases.contact({ caseId, residentId: outsider.id, startsAt: plus(now, -DAY), endsAt: plus(now, 13 * DAY) });
    await permits.permit({ residentId: outsider.id, enterpriseId: sample(COMMUNITY_A1).enterpriseId, appliedAt: plus(now, -3 * DAY), changes: [{ status: 'APPROVED', at: plus(now, -2 * DAY) }] });
    const viewer = VIEWERS.TOWN_OFFICER;
    const listed = await platform.gql(operation('Cases'), { code: TOWN_A, first: 100 }, { viewer });
    expect(listed.errors, JSON.stringify(listed.errors)).toBeUndefined();
    const node = listed.data.cases.edges.find((edge: any) => edge.node.id === String(caseId)).node;
    expect(node.closeContacts).toHaveLength(1);
    expect(node.closeContacts[0].resident).toBeNull();
    // `name` makes the gateway ask population, which answers null for a person outside the scope (an `id` alone is the
    // permit's own key: the gateway answers it without asking anyone).
    const workers = await platform.gql(`query($code: ID!) { resumedWorkers(regionCode: $code, first: 500) { edges { node { resident { id name } enterprise { id } } } } }`, { code: TOWN_A }, { viewer });
    expect(workers.errors, JSON.stringify(workers.errors)).toBeUndefined();
    const residents = workers.data.resumedWorkers.edges.map((edge: any) => edge.node.resident?.id ?? null);
    expect(residents).toContain(null);
    expect(residents).not.toContain(String(outsider.id));
  });

  test('an ancestor reads by name, its children only down the viewer\'s branch; its indexes and lists are FORBIDDEN', async () => {
    const viewer = VIEWERS.COMMUNITY_WORKER;
    const names = await platform.gql(`{ region(code: "${DISTRICT}") { code name children { code children { code } } } }`, {}, { viewer });
    expect(names.errors, JSON.stringify(names.errors)).toBeUndefined();
    expect(names.data.region.children).toEqual([{ code: TOWN_A, children: [{ code: COMMUNITY_A1 }] }]);
    const listed = await platform.gql(`{ regions(parentCode: "${TOWN_A}") { code } }`, {}, { viewer });
    expect(listed.data?.regions).toEqual([{ code: COMMUNITY_A1 }]);
    for (const field of ['population { residents }', 'health { healthCodes { green } }', 'permits { active }', 'cases { active }', 'untestedResidents(withinHours: 72) { totalCount }']) {
      const response = await platform.gql(`{ region(code: "${TOWN_A}") { ${field} } }`, {}, { viewer });
      expect(response.errors?.[0]?.extensions?.code, field).toBe('FORBIDDEN');
    }
  });
});

// ---------------------------------------------------------------------------
// Federation's _entities: a representation outside the viewer's scope resolves to null, in every subgraph.

describe('_entities: a representation outside the scope resolves to null', () => {
  let fetchEntities: ReturnType<typeof createEntityClient>['fetchEntities'];
  beforeAll(async () => {
    const subgraphs = new Map<string, LocalSubgraph>();
    for (const subgraph of await buildAllSubgraphs({ database: platform.test.database, config: TEST_CONFIG })) subgraphs.set(subgraph.name, subgraph);
    const client = createEntityClient({ local: (name) => subgraphs.get(name), auth: TEST_CONFIG.auth });
    fetchEntities = client.fetchEntities.bind(client);
  }, 60_000);

  const viewer = { ...VIEWERS.TOWN_OFFICER, role: 'TOWN_OFFICER' as const };
  const QUERIES: [string, 'population' | 'health' | 'permits' | 'cases', string, () => string[]][] = [
    ['Resident (population)', 'population', '... on Resident { id }', () => COMMUNITIES.map((c) => String(sample(c).residents[0]!.id))],
    ['Resident (health)', 'health', '... on Resident { id nucleicAcidTests { barcode } }', () => COMMUNITIES.map((c) => String(sample(c).residents[0]!.id))],
    ['Resident (cases)', 'cases', '... on Resident { id positiveCase { id } }', () => COMMUNITIES.map((c) => String(sample(c).residents[0]!.id))],
    ['PositiveCase', 'cases', '... on PositiveCase { id }', () => COMMUNITIES.map((c) => String(sample(c).caseId))],
    ['Enterprise', 'permits', '... on Enterprise { id }', () => COMMUNITIES.map((c) => String(sample(c).enterpriseId))],
  ];
  test.each(QUERIES)('%s', async (typeName, subgraph, selection, ids) => {
    const type = typeName.split(' ')[0]!;
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`;
    const found = await fetchEntities<{ id: string }>(subgraph, query, ids().map((id) => ({ __typename: type, id })), { ...viewer, name: undefined });
    // A1 and A2 lie in town A; B1 does not.
    expect(found.map((entity) => entity !== null)).toEqual([true, true, false]);
  });

  test('WorkPermit', async () => {
    const rows = await Promise.all(COMMUNITIES.map((c) => permits.permit({ residentId: sample(c).residents[1]!.id, enterpriseId: sample(c).enterpriseId, appliedAt: plus(now, -HOUR) })));
    const query = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on WorkPermit { id } } }';
    const found = await fetchEntities(
      'permits',
      query,
      rows.map((row) => ({ __typename: 'WorkPermit', id: String(row.id) })),
      viewer,
    );
    expect(found.map((entity) => entity !== null)).toEqual([true, true, false]);
  });
});
