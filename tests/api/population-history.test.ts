/**
 * Population's history path (statistics/population-history.ts): a past
 * instant within STATISTICS_HISTORY_DAYS is answered from residencies and
 * taggings held in memory, built into the same columns as the database path
 * (populationColumnsAt). Both must agree exactly at random instants of the
 * window and at every instant where a residency or a tagging starts or ends,
 * a millisecond either side: indexes of the district, towns and communities,
 * and the lists behind them. Writes through the API reach the history through
 * fact_changes: they change the answers after them and not before.
 */
import 'reflect-metadata';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Random } from '../../seed/random.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { shanghaiDate } from '../../subgraphs/shared/time.js';
import { residencies } from '../../subgraphs/population/db.js';
import { PopulationIndex } from '../../subgraphs/population/statistics/population-index.enum.js';
import type { PopulationHistory } from '../../subgraphs/population/statistics/population-history.js';
import { populationHistorySource } from '../../subgraphs/population/statistics/population-history.queries.js';
import type { PopulationIndexColumns } from '../../subgraphs/population/statistics/population-indexes.js';
import { populationColumnsAt } from '../../subgraphs/population/statistics/population-indexes.queries.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { startTestPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';

const DAY = 86_400_000;
/** The fixture's instants are placed relative to this (whole seconds: the API's instants are milliseconds). */
const START = Math.floor(Date.now() / 1000) * 1000;
/** Where the history read in these tests starts: inside the platform's own window, so its answers come from memory too. */
const SINCE = START - (TEST_CONFIG.statisticsHistoryDays - 2) * DAY;
const COMMUNITIES = [COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2];
const REGIONS = [DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY, ...COMMUNITIES];
const TYPES = ['REGISTERED', 'FLOATING', 'OVERSEAS'] as const;
/** SPECIAL_CARE and other categories (migration 0001). */
const TAGS = ['BEDRIDDEN', 'DIALYSIS', 'PREGNANT', 'KEY_INDUSTRY_WORKER', 'EXEMPT_FROM_TESTING'];
const LISTED = [PopulationIndex.RESIDENTS, PopulationIndex.SPECIAL_CARE, PopulationIndex.CHILDREN, PopulationIndex.ELDERLY_60_PLUS, PopulationIndex.FLOATING];
/** Region sets a past columns build is asked for (a dashboard asks for a region and its children). */
const BUILDS: string[][] = [[DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY], [TOWN_A, COMMUNITY_A1, COMMUNITY_A2], [COMMUNITY_B1]];

let platform: TestPlatform;
/** Residents the API changes in the last test: moved out, tagged, untagged, moved between communities (born 1975). */
const writes = { movesOut: 0, tagged: 0, untagged: 0, moves: 0 };
/** Moves out in a write of its own (the only change the present and the history then read again). */
let leavesAlone = 0;

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  const { seed } = platform;
  const db = platform.test.database.db;
  await seed.regionTree();
  const random = new Random('population-history');
  const inWindow = (from = SINCE) => from + Math.floor(random.next() * (START - 1000 - from));
  const households = new Map<string, number[]>(COMMUNITIES.map((code) => [code, []]));
  /** A birth date N years before a calendar day of the window: the resident turns 18, 60 or 80 inside it. */
  const turningInWindow = () => {
    const day = shanghaiDate(new Date(inWindow()));
    const years = random.pick([18, 60, 80]);
    return day.endsWith('02-29') ? '1970-01-01' : `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
  };
  for (let n = 0; n < 120; n++) {
    const community = random.pick(COMMUNITIES);
    const shared = households.get(community)!;
    const household = shared.length > 0 && random.chance(0.3) ? random.pick(shared) : await seed.household(community);
    shared.push(household);
    const roll = random.next();
    // Long before the window, inside it, or shortly before it starts.
    const movedIn = roll < 0.5 ? Date.UTC(2020, 0, 1) + random.int(0, 1000) * DAY : roll < 0.85 ? inWindow() : SINCE - random.int(1, 10 * DAY);
    const out = random.next();
    const movedOut =
      out < 0.2 && movedIn < START - 2000 ? inWindow(movedIn + 1)
      : out < 0.3 && movedIn < SINCE ? movedIn + Math.floor(random.next() * (SINCE - movedIn)) // ended before the window: never counted in it
      : out < 0.33 && movedIn < SINCE ? SINCE // ends exactly where the window starts
      : null;
    const tags = random.shuffled(TAGS).slice(0, random.int(0, 2)).map((code) => {
      const at = random.chance(0.4) ? Date.UTC(2021, 0, 1) + random.int(0, 500) * DAY : inWindow();
      const until = random.chance(0.5) ? null : random.chance(0.7) && at < START - 2000 ? inWindow(Math.max(at + 1, SINCE)) : at < SINCE ? SINCE - random.int(0, DAY) : null;
      return { code, at: new Date(at), ...(until !== null && until > at ? { until: new Date(until) } : {}) };
    });
    const { id } = await seed.resident({
      community,
      household,
      residencyType: random.pick(TYPES),
      birthDate: random.chance(0.3) ? turningInWindow() : `${random.int(1930, 2023)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      movedInAt: new Date(movedIn),
      movedOutAt: movedOut === null ? undefined : new Date(movedOut),
      tags,
    });
    // Some change community, household or type inside the window (a new period follows the one that ended).
    if (movedOut === null && movedIn < SINCE && random.chance(0.15)) {
      const changedAt = new Date(inWindow());
      const next = random.pick(COMMUNITIES);
      await db.update(residencies).set({ endedAt: changedAt, endReason: 'CHANGED' }).where(sql`${residencies.residentId} = ${id}`);
      await db.insert(residencies).values({
        residentId: id,
        communityCode: next,
        householdId: await seed.household(next),
        address: 'Changed Lane 1',
        residencyType: random.pick(TYPES),
        startedAt: changedAt,
      });
    }
  }
  // The database keeps microseconds (the API's own writes are whole milliseconds): a millisecond instant must see
  // a start or an end that lies between two milliseconds as the database does.
  await db.execute(sql`update population.residencies set started_at = started_at + interval '400 microseconds', ended_at = ended_at + interval '400 microseconds' where resident_id % 7 = 0`);
  await db.execute(sql`update population.resident_tags set tagged_at = tagged_at + interval '600 microseconds', untagged_at = untagged_at + interval '600 microseconds' where resident_id % 5 = 0`);
  const current = { movedInAt: new Date(Date.UTC(2020, 0, 1)), birthDate: '1975-05-05' };
  writes.movesOut = (await seed.resident({ ...current, community: COMMUNITY_A1, residencyType: 'REGISTERED' })).id;
  writes.tagged = (await seed.resident({ ...current, community: COMMUNITY_B1, residencyType: 'REGISTERED' })).id;
  writes.untagged = (await seed.resident({ ...current, community: COMMUNITY_B2, residencyType: 'REGISTERED', tags: ['DIALYSIS'] })).id;
  writes.moves = (await seed.resident({ ...current, community: COMMUNITY_A2, residencyType: 'FLOATING' })).id;
  leavesAlone = (await seed.resident({ ...current, community: COMMUNITY_B2, residencyType: 'REGISTERED' })).id;
}, 120_000);
afterAll(() => platform?.stop());

/** Instants of the window where a residency or a tagging starts or ends, with the milliseconds either side (both, between two). */
async function edgeInstants(): Promise<Date[]> {
  const rows = await queryRows<{ at: number }>(
    platform.test.database.db,
    sql`select distinct (extract(epoch from at) * 1000)::float8 as at from (
          select started_at as at from population.residencies union all select ended_at from population.residencies
          union all select tagged_at from population.resident_tags union all select untagged_at from population.resident_tags
        ) edges where at >= ${new Date(SINCE).toISOString()}::timestamptz order by 1`,
  );
  const now = Date.now();
  const instants = new Set(rows.flatMap(({ at }) => [Math.floor(at) - 1, Math.floor(at), Math.ceil(at), Math.ceil(at) + 1]));
  return [...instants].filter((t) => t >= SINCE && t <= now).map((t) => new Date(t));
}

function randomInstants(count: number, seed: string): Date[] {
  const random = new Random(seed);
  return [new Date(SINCE), ...Array.from({ length: count }, () => new Date(SINCE + Math.floor(random.next() * (Date.now() - SINCE))))];
}

/** Each region's list of `index` at `at`: per community, the residents' IDs in ascending order. */
function lists(columns: PopulationIndexColumns, index: PopulationIndex, at: Date): Record<string, Record<string, number[]>> {
  return Object.fromEntries(
    REGIONS.map((code) => [
      code,
      Object.fromEntries(
        columns
          .peopleAt(index, at, code)
          .filter((community) => community.count > 0)
          .map((community) => [community.communityCode, [...community.residentIds()].sort((a, b) => a - b)]),
      ),
    ]),
  );
}

/** Every difference between the history and the database at these instants, for each region set built (empty: none). */
async function differences(history: PopulationHistory, instants: readonly Date[], withLists: (i: number) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const [i, at] of instants.entries()) {
    for (const build of i % 4 === 0 ? BUILDS : BUILDS.slice(0, 1)) {
      const fromDatabase = await populationColumnsAt(platform.test.database.db, build, at);
      const fromMemory = populationHistorySource.columnsAt(history, build, at);
      const [expected, actual] = [fromDatabase.indexesAt(at, REGIONS), fromMemory.indexesAt(at, REGIONS)];
      for (const code of REGIONS) {
        if (JSON.stringify(actual.get(code)) !== JSON.stringify(expected.get(code))) {
          found.push(`${at.toISOString()} [${build}] ${code}: memory ${JSON.stringify(actual.get(code))}, database ${JSON.stringify(expected.get(code))}`);
        }
      }
      if (!withLists(i)) continue;
      for (const index of LISTED) {
        const [listed, expectedLists] = [lists(fromMemory, index, at), lists(fromDatabase, index, at)];
        if (JSON.stringify(listed) !== JSON.stringify(expectedLists)) found.push(`${at.toISOString()} [${build}] list ${index} differs`);
      }
    }
  }
  return found;
}

const POPULATION = `query($code: ID!, $asOf: DateTime) {
  region(code: $code) { code population(asOf: $asOf) { residents households registered floating overseas children elderly60Plus elderly80Plus specialCare } }
}`;
const PEOPLE = `query($code: ID!, $asOf: DateTime, $index: PopulationIndex!, $after: String) {
  region(code: $code) { population(asOf: $asOf) { people(index: $index, first: 500, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }
}`;

async function apiIndexes(code: string, at: Date) {
  return (await platform.data(POPULATION, { code, asOf: at.toISOString() })).region.population;
}

async function apiList(code: string, index: PopulationIndex, at: Date): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
      await platform.data(PEOPLE, { code, index, asOf: at.toISOString(), after })
    ).region.population.people;
    ids.push(...page.edges.map((edge) => Number(edge.node.id)));
    if (!page.pageInfo.hasNextPage) return ids.sort((a, b) => a - b);
    after = page.pageInfo.endCursor;
  }
}

async function databaseIndexes(code: string, at: Date) {
  return (await populationColumnsAt(platform.test.database.db, [code], at)).indexesAt(at, [code]).get(code);
}

describe('the history read whole', () => {
  let history: PopulationHistory;
  beforeAll(async () => {
    history = await populationHistorySource.load(platform.test.database.db, new Date(SINCE));
  });

  test('equals the database at every edge of the window, a millisecond either side', async () => {
    const instants = await edgeInstants();
    expect(instants.length).toBeGreaterThan(150); // the fixture's periods and taggings do start and end inside the window
    expect(await differences(history, instants, (i) => i % 10 === 0)).toEqual([]);
  }, 120_000);

  test('equals the database at random instants of the window', async () => {
    const instants = randomInstants(40, 'random instants');
    const district = (await populationColumnsAt(platform.test.database.db, [DISTRICT], instants[1]!)).indexesAt(instants[1]!, [DISTRICT]).get(DISTRICT)!;
    expect(district.residents).toBeGreaterThan(50);
    expect(district.specialCare).toBeGreaterThan(0);
    expect(await differences(history, instants, () => true)).toEqual([]);
  }, 120_000);
});

describe('through the API', () => {
  test('a past instant within the window is answered from memory, one before it from the database', async () => {
    const inWindow = new Date(START - 3 * DAY);
    await apiIndexes(DISTRICT, inWindow); // reads the history
    const fromMemory = await platform.test.countStatements(() => apiIndexes(DISTRICT, new Date(START - 2 * DAY)));
    expect(fromMemory.statements.filter((statement) => statement.includes('population.residencies'))).toEqual([]);
    const beforeWindow = new Date(START - (TEST_CONFIG.statisticsHistoryDays + 2) * DAY);
    const fromDatabase = await platform.test.countStatements(() => apiIndexes(DISTRICT, beforeWindow));
    expect(fromDatabase.statements.some((statement) => statement.includes('population.residencies'))).toBe(true);
    expect(fromDatabase.result).toEqual(await databaseIndexes(DISTRICT, beforeWindow));
  });

  test('indexes and lists equal the database at edges and random instants', async () => {
    const edges = await edgeInstants();
    const instants = [...edges.filter((_, i) => i % 25 === 0), ...randomInstants(4, 'api instants')];
    for (const at of instants) {
      for (const code of [DISTRICT, TOWN_B, COMMUNITY_A1]) expect({ at, code, indexes: await apiIndexes(code, at) }).toEqual({ at, code, indexes: await databaseIndexes(code, at) });
    }
    for (const at of instants.slice(0, 3)) {
      const columns = await populationColumnsAt(platform.test.database.db, [DISTRICT], at);
      for (const index of [PopulationIndex.SPECIAL_CARE, PopulationIndex.CHILDREN]) {
        const expected = columns.peopleAt(index, at, DISTRICT).flatMap((community) => community.residentIds()).sort((a, b) => a - b);
        expect({ at, index, ids: await apiList(DISTRICT, index, at) }).toEqual({ at, index, ids: expected });
      }
    }
  }, 120_000);

  test('writes change the answers after them and not before, through the API and in a history read again', async () => {
    const history = await populationHistorySource.load(platform.test.database.db, new Date(SINCE));
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const codes = [DISTRICT, ...COMMUNITIES];
    const answered = async (at: Date) => Object.fromEntries(await Promise.all(codes.map(async (code) => [code, await apiIndexes(code, at)] as const)));
    const earlier = await answered(before);

    const mutate = (query: string, variables: Record<string, unknown>) => platform.data(query, variables);
    await mutate(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: String(writes.movesOut) });
    await mutate(`mutation($id: ID!) { tagResident(residentId: $id, tagCode: "BEDRIDDEN", reason: "test") { id } }`, { id: String(writes.tagged) });
    await mutate(`mutation($id: ID!) { untagResident(residentId: $id, tagCode: "DIALYSIS", reason: "test") { id } }`, { id: String(writes.untagged) });
    await mutate(`mutation($id: ID!, $input: UpdateResidentInput!) { updateResident(id: $id, input: $input) { id } }`, {
      id: String(writes.moves),
      input: { communityCode: COMMUNITY_B2, address: 'B2 New Lane 1', residencyType: 'OVERSEAS' },
    });
    // A newcomer: a resident ID beyond every one the history was read with.
    const { registerResident } = await mutate(`mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`, {
      input: {
        name: 'Newcomer',
        idNumber: platform.seed.identityNumber('1950-02-02', 'MALE'),
        phone: '13700000002',
        residencyType: 'FLOATING',
        communityCode: COMMUNITY_B1,
        address: 'B1 New Lane 2',
      },
    });
    await mutate(`mutation($id: ID!) { tagResident(residentId: $id, tagCode: "PREGNANT", reason: "test") { id } }`, { id: registerResident.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = new Date();

    expect(await answered(before)).toEqual(earlier);
    const later = await answered(after);
    for (const code of codes) expect({ code, indexes: later[code] }).toEqual({ code, indexes: await databaseIndexes(code, after) });
    const change = (code: string, field: string) => later[code]![field] - earlier[code]![field];
    expect([change(COMMUNITY_A1, 'residents'), change(COMMUNITY_A1, 'registered')]).toEqual([-1, -1]); // moved out
    expect([change(COMMUNITY_B1, 'residents'), change(COMMUNITY_B1, 'floating'), change(COMMUNITY_B1, 'specialCare')]).toEqual([1, 1, 2]); // the newcomer; tagged
    expect([change(COMMUNITY_A2, 'residents'), change(COMMUNITY_A2, 'floating')]).toEqual([-1, -1]); // moved to B2
    expect([change(COMMUNITY_B2, 'residents'), change(COMMUNITY_B2, 'overseas'), change(COMMUNITY_B2, 'specialCare')]).toEqual([1, 1, -1]); // arrived; untagged
    expect([change(DISTRICT, 'residents'), change(DISTRICT, 'elderly60Plus')]).toEqual([0, 1]); // one moved out, one came (aged over 60)

    // The same writes read again into a history read before them: first a few residents (kept beside the rows
    // read whole), then every resident (more than the rows kept beside: merged into them).
    const instants = [before, new Date(after.getTime() - 1), after, ...(await edgeInstants()).filter((_, i) => i % 7 === 0)];
    await populationHistorySource.reload(platform.test.database.db, history, [...Object.values(writes), Number(registerResident.id)], new Date(SINCE));
    expect(await differences(history, instants, (i) => i < 3)).toEqual([]);
    const [everyone] = await queryRows<{ ids: number[] }>(platform.test.database.db, sql`select array_agg(id::int) as ids from population.residents`);
    await populationHistorySource.reload(platform.test.database.db, history, everyone!.ids, new Date(SINCE));
    expect(await differences(history, instants, (i) => i < 3)).toEqual([]);
  }, 120_000);

  test('a move-out that is the only change leaves the present and the window at once', async () => {
    const before = new Date();
    const present = async () => (await platform.data(POPULATION, { code: COMMUNITY_B2 })).region.population;
    const [earlier, earlierNow] = [await apiIndexes(COMMUNITY_B2, before), await present()];
    await platform.data(`mutation($id: ID!) { moveOutResident(id: $id) { id } }`, { id: String(leavesAlone) });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = new Date();
    expect(await apiIndexes(COMMUNITY_B2, before)).toEqual(earlier);
    expect((await apiIndexes(COMMUNITY_B2, after)).residents).toBe(earlier.residents - 1);
    expect((await present()).residents).toBe(earlierNow.residents - 1);
  });
});
