/**
 * registerResident, updateResident and moveOutResident through the gateway:
 * what they return, what they store, and that a refused change stores nothing.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { households, outbox, residencies, residents } from '../../subgraphs/population/db.js';
import { withCheckCharacter } from '../../subgraphs/population/resident/identity.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A } from '../support/builders.js';
import { expectError } from '../support/assertions.js';
import { errorOf, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

const RESIDENT_FIELDS = `id name gender birthDate idNumber phone residencyType address registeredAt movedOutAt
  community { code } household { id address community { code } members { id } }`;

const REGISTER = `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { ${RESIDENT_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateResidentInput!) { updateResident(id: $id, input: $input) { ${RESIDENT_FIELDS} } }`;
const MOVE_OUT = `mutation($id: ID!, $at: DateTime) { moveOutResident(id: $id, movedOutAt: $at) { ${RESIDENT_FIELDS} } }`;
const RESIDENT = `query($id: ID!) { resident(id: $id) { ${RESIDENT_FIELDS} } }`;
const POPULATION = `query($code: ID!, $asOf: DateTime) { region(code: $code) { population(asOf: $asOf) { residents households registered floating overseas } } }`;
const SEARCH = `query($text: String!) { residents(filter: { text: $text }) { totalCount edges { node { id } } } }`;

let phoneSequence = 0;
function uniquePhone(): string {
  return `138${String(++phoneSequence).padStart(8, '0')}`;
}

function validInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Zhang Wei',
    idNumber: platform.seed.identityNumber('1985-03-02', 'MALE'),
    phone: uniquePhone(),
    residencyType: 'FLOATING',
    communityCode: COMMUNITY_A1,
    address: 'Lane 88 Gongyuan Road, Room 302',
    ...overrides,
  };
}

/** Rows in every table a registration or a change writes to. */
async function rowCounts() {
  const db = platform.test.database.db;
  const [[r], [p], [h], [o]] = await Promise.all([
    db.select({ n: count() }).from(residents),
    db.select({ n: count() }).from(residencies),
    db.select({ n: count() }).from(households),
    db.select({ n: count() }).from(outbox),
  ]);
  return { residents: r!.n, residencies: p!.n, households: h!.n, outbox: o!.n };
}

/** The state of everything a mutation could change: row counts plus the content of residents and residencies. */
async function snapshot() {
  const db = platform.test.database.db;
  return {
    counts: await rowCounts(),
    residents: await db.select().from(residents).orderBy(asc(residents.id)),
    residencies: await db.select().from(residencies).orderBy(asc(residencies.id)),
  };
}

/** Runs a mutation that must fail with `code` (naming `field`) and checks nothing at all was written. */
async function expectRefused(run: () => Promise<GraphQLResponse>, code: string, field?: string) {
  const before = await snapshot();
  const response = await run();
  expectError(response, code, { field });
  expect(await snapshot()).toEqual(before);
  return response;
}

const register = (input: Record<string, unknown>) => platform.gql(REGISTER, { input });

async function population(code: string, asOf?: Date) {
  const data = await platform.data(POPULATION, { code, asOf: asOf?.toISOString() });
  return data.region.population as { residents: number; households: number; registered: number; floating: number; overseas: number };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function residenciesOf(residentId: number) {
  return platform.test.database.db
    .select()
    .from(residencies)
    .where(eq(residencies.residentId, residentId))
    .orderBy(asc(residencies.startedAt), asc(residencies.id));
}

describe('registerResident', () => {
  test('registers a person in a new household, deriving gender and birth date from the identity number', async () => {
    const idNumber = platform.seed.identityNumber('1985-03-02', 'FEMALE');
    const before = await rowCounts();
    const start = Date.now();
    const data = await platform.data(REGISTER, { input: validInput({ name: '  Li Na ', idNumber, phone: '139 1234-5678', residencyType: 'REGISTERED' }) });
    const end = Date.now();
    const resident = data.registerResident;

    expect(resident).toMatchObject({
      name: 'Li Na',
      gender: 'FEMALE',
      birthDate: '1985-03-02',
      idNumber,
      phone: '13912345678',
      residencyType: 'REGISTERED',
      address: 'Lane 88 Gongyuan Road, Room 302',
      movedOutAt: null,
      community: { code: COMMUNITY_A1 },
      household: { address: 'Lane 88 Gongyuan Road, Room 302', community: { code: COMMUNITY_A1 }, members: [{ id: resident.id }] },
    });
    const registeredAt = Date.parse(resident.registeredAt);
    expect(registeredAt).toBeGreaterThanOrEqual(start - 1000);
    expect(registeredAt).toBeLessThanOrEqual(end + 1000);

    expect(await rowCounts()).toEqual({
      residents: before.residents + 1,
      residencies: before.residencies + 1,
      households: before.households + 1,
      outbox: before.outbox + 1,
    });
    // Readable afterwards like any resident.
    expect((await platform.data(RESIDENT, { id: resident.id })).resident).toEqual(resident);
  });

  test('a declared earlier movedInAt is kept and shown, but the registration counts from when it was recorded', async () => {
    const movedInAt = '2021-07-01T02:30:00.000Z';
    const districtThen = await population(DISTRICT, new Date(movedInAt));
    const start = Date.now();
    const data = await platform.data(REGISTER, { input: validInput({ movedInAt }) });
    const id = data.registerResident.id;
    expect(Date.parse(data.registerResident.registeredAt)).toBeGreaterThanOrEqual(start - 1000);
    const [period] = await residenciesOf(Number(id));
    expect(period!.startedAt.toISOString()).toBe(data.registerResident.registeredAt);
    expect(period!.statedStartedAt!.toISOString()).toBe(movedInAt);
    expect((await platform.data(`query($id: ID!) { resident(id: $id) { statedMovedInAt } }`, { id })).resident.statedMovedInAt).toBe(movedInAt);
    // Yesterday's (and 2021's) official numbers do not move.
    expect(await population(DISTRICT, new Date(movedInAt))).toEqual(districtThen);
  });

  test('writes a resident.registered outbox event with the registration', async () => {
    const input = validInput({ communityCode: COMMUNITY_B1, residencyType: 'OVERSEAS', movedInAt: '2022-03-01T00:00:00.000Z' });
    const { registerResident: resident } = await platform.data(REGISTER, { input });
    const [period] = await residenciesOf(Number(resident.id));
    const events = await platform.test.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'resident.registered'), sql`${outbox.payload}->>'residentId' = ${resident.id}`));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({
      residentId: resident.id,
      idNumber: input.idNumber,
      birthDate: '1985-03-02',
      communityCode: COMMUNITY_B1,
      householdId: resident.household.id,
      address: input.address,
      residencyType: 'OVERSEAS',
      // When it was recorded: the declared 2022-03-01 is not when it counts from.
      from: period!.startedAt.toISOString(),
    });
  });

  test('joins an existing household, taking its address by default', async () => {
    const first = await platform.seed.resident({ community: COMMUNITY_A2, address: 'No. 12 Songze Road' });
    const before = await rowCounts();
    const { registerResident: joined } = await platform.data(REGISTER, {
      input: validInput({ communityCode: COMMUNITY_A2, householdId: String(first.household), address: null }),
    });
    expect(joined.household.id).toBe(String(first.household));
    expect(joined.address).toBe('No. 12 Songze Road');
    expect(joined.household.members.map((m: { id: string }) => m.id)).toEqual([String(first.id), joined.id]);
    expect((await rowCounts()).households).toBe(before.households);
  });

  test('joins an existing household at an address of its own when one is given', async () => {
    const household = await platform.seed.household(COMMUNITY_A2, 'No. 14 Songze Road');
    const { registerResident: joined } = await platform.data(REGISTER, {
      input: validInput({ communityCode: COMMUNITY_A2, householdId: String(household), address: 'No. 14 Songze Road, back room' }),
    });
    expect(joined.household.id).toBe(String(household));
    expect(joined.address).toBe('No. 14 Songze Road, back room');
  });

  test('accepts a lowercase x check character and stores it uppercase', async () => {
    // 11010519491231002X: check character X (hand-computed in tests/unit/identity.test.ts).
    const { registerResident: resident } = await platform.data(REGISTER, {
      input: validInput({ idNumber: '11010519491231002x', gender: 'FEMALE', birthDate: '1949-12-31' }),
    });
    expect(resident).toMatchObject({ idNumber: '11010519491231002X', gender: 'FEMALE', birthDate: '1949-12-31' });
  });

  test('the optional cross-checks pass when they match', async () => {
    const idNumber = platform.seed.identityNumber('2001-11-30', 'MALE');
    const { registerResident: resident } = await platform.data(REGISTER, { input: validInput({ idNumber, gender: 'MALE', birthDate: '2001-11-30' }) });
    expect(resident).toMatchObject({ gender: 'MALE', birthDate: '2001-11-30' });
  });

  describe('refuses bad input, naming the field, and writes nothing', () => {
    const validBody = () => platform.seed.identityNumber('1985-03-02', 'MALE').slice(0, 17);
    const wrongCheck = () => {
      const body = validBody();
      const right = withCheckCharacter(body)[17]!;
      return body + (right === '0' ? '1' : '0');
    };

    test.each<[string, () => Record<string, unknown>, string]>([
      ['an identity number with a wrong check character', () => ({ idNumber: wrongCheck() }), 'input.idNumber'],
      ['an identity number of the wrong length', () => ({ idNumber: '3101181985030200' }), 'input.idNumber'],
      ['an identity number with letters', () => ({ idNumber: '31011819850302AB1X' }), 'input.idNumber'],
      ['an identity number with an impossible birth date (30 February)', () => ({ idNumber: withCheckCharacter('31011819850230001') }), 'input.idNumber'],
      ['an identity number with month 13', () => ({ idNumber: withCheckCharacter('31011819851302001') }), 'input.idNumber'],
      ['a 12x phone number', () => ({ phone: '12012345678' }), 'input.phone'],
      ['a 10-digit phone number', () => ({ phone: '1391234567' }), 'input.phone'],
      ['a 12-digit phone number', () => ({ phone: '139123456789' }), 'input.phone'],
      ['an unknown community', () => ({ communityCode: '310118101999' }), 'input.communityCode'],
      ['a town code instead of a community', () => ({ communityCode: TOWN_A }), 'input.communityCode'],
      ['the district code instead of a community', () => ({ communityCode: DISTRICT }), 'input.communityCode'],
      ['an unknown household', () => ({ householdId: '987654321' }), 'input.householdId'],
      ['a malformed household ID', () => ({ householdId: 'household-1' }), 'input.householdId'],
      ['no address for a new household', () => ({ address: null }), 'input.address'],
      ['a blank address for a new household', () => ({ address: '   ' }), 'input.address'],
      ['an empty name', () => ({ name: '' }), 'input.name'],
      ['a blank name', () => ({ name: '   ' }), 'input.name'],
      ['a name over 64 characters', () => ({ name: 'N'.repeat(65) }), 'input.name'],
      ['a gender contradicting the identity number', () => ({ gender: 'FEMALE' }), 'input.gender'],
      ['a birth date contradicting the identity number', () => ({ birthDate: '1985-03-03' }), 'input.birthDate'],
      ['a moved-in instant in the future', () => ({ movedInAt: new Date(Date.now() + 3600_000).toISOString() }), 'input.movedInAt'],
      // Real calendar dates, but impossible ones: born in the future, or moved in before being born.
      ['an identity number with a birth date in the future', () => ({ idNumber: platform.seed.identityNumber('2090-01-01', 'MALE') }), 'input.idNumber'],
      [
        'a moved-in instant before the birth date',
        () => ({ idNumber: platform.seed.identityNumber('2010-05-01', 'MALE'), movedInAt: '2010-04-30T12:00:00.000Z' }),
        'input.movedInAt',
      ],
    ])('%s', async (_label, overrides, field) => {
      await expectRefused(() => register(validInput(overrides())), 'BAD_USER_INPUT', field);
    });

    test('a household in another community', async () => {
      const elsewhere = await platform.seed.household(COMMUNITY_B2, 'No. 3 Zhaotun Road');
      await expectRefused(
        () => register(validInput({ communityCode: COMMUNITY_A1, householdId: String(elsewhere), address: null })),
        'BAD_USER_INPUT',
        'input.householdId',
      );
    });
  });

  test('a duplicate identity number is a CONFLICT and writes nothing', async () => {
    const input = validInput();
    const { registerResident: first } = await platform.data(REGISTER, { input });
    const response = await expectRefused(() => register({ ...input, name: 'Someone Else', phone: uniquePhone() }), 'CONFLICT');
    expect(errorOf(response)!.message).toContain(first.id);
    // The same number typed with a lowercase x or surrounding spaces is the same person.
    let withX = platform.seed.identityNumber('1990-01-01', 'FEMALE');
    while (!withX.endsWith('X')) withX = platform.seed.identityNumber('1990-01-01', 'FEMALE');
    await platform.data(REGISTER, { input: validInput({ idNumber: withX }) });
    await expectRefused(() => register(validInput({ idNumber: ` ${withX.toLowerCase()} `, communityCode: COMMUNITY_B1 })), 'CONFLICT');
  });

  test('two concurrent registrations of one identity number: exactly one succeeds, the other is a CONFLICT', async () => {
    for (let round = 0; round < 5; round++) {
      const idNumber = platform.seed.identityNumber('1978-08-08', 'FEMALE');
      const before = await rowCounts();
      const responses = await Promise.all([
        register(validInput({ idNumber, name: 'Racer One' })),
        register(validInput({ idNumber, name: 'Racer Two', communityCode: COMMUNITY_B1 })),
      ]);
      const succeeded = responses.filter((r) => !r.errors && r.data?.registerResident);
      const failed = responses.filter((r) => r.errors);
      expect(succeeded).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expectError(failed[0]!, 'CONFLICT');
      // The loser left nothing behind: one resident, one residency, one household, one event.
      expect(await rowCounts()).toEqual({
        residents: before.residents + 1,
        residencies: before.residencies + 1,
        households: before.households + 1,
        outbox: before.outbox + 1,
      });
      const stored = await platform.test.database.db.select().from(residents).where(eq(residents.idNumber, idNumber));
      expect(stored).toHaveLength(1);
      expect(String(stored[0]!.id)).toBe(succeeded[0]!.data.registerResident.id);
    }
  });
});

describe('registerResident of a resident who moved out and came back', () => {
  async function movedOut(at = '2023-03-01T00:00:00.000Z') {
    const r = await platform.seed.resident({ community: COMMUNITY_A1, name: 'Returning Zhou', residencyType: 'FLOATING' });
    await platform.data(MOVE_OUT, { id: String(r.id), at });
    return r;
  }

  test('opens a new residency period for the same resident (same ID, first registration kept)', async () => {
    const r = await movedOut();
    const b1Before = await population(COMMUNITY_B1);
    const gap = new Date('2023-06-01T00:00:00Z');
    const districtInGap = await population(DISTRICT, gap);
    const before = await rowCounts();
    const { registerResident: back } = await platform.data(REGISTER, {
      input: validInput({ idNumber: r.idNumber, name: 'Returning Zhou', phone: '13511112222', communityCode: COMMUNITY_B1, residencyType: 'REGISTERED', movedInAt: '2024-02-01T00:00:00.000Z' }),
    });
    expect(back).toMatchObject({
      id: String(r.id),
      phone: '13511112222',
      movedOutAt: null,
      residencyType: 'REGISTERED',
      registeredAt: '2020-01-01T00:00:00.000Z',
      community: { code: COMMUNITY_B1 },
    });
    expect(await rowCounts()).toEqual({ ...before, residencies: before.residencies + 1, households: before.households + 1, outbox: before.outbox + 1 });
    const periods = await residenciesOf(r.id);
    expect(periods.map((p) => [p.communityCode, p.statedStartedAt?.toISOString() ?? null, p.statedEndedAt?.toISOString() ?? null, p.endReason])).toEqual([
      [COMMUNITY_A1, null, '2023-03-01T00:00:00.000Z', 'MOVED_OUT'],
      [COMMUNITY_B1, '2024-02-01T00:00:00.000Z', null, null],
    ]);
    // Each counted from when it was recorded: the move-out, then the return.
    expect(periods[1]!.startedAt.getTime()).toBeGreaterThanOrEqual(periods[0]!.endedAt!.getTime());
    // Counted again now, not in the gap.
    expect((await population(COMMUNITY_B1)).residents).toBe(b1Before.residents + 1);
    expect(await population(DISTRICT, gap)).toEqual(districtInGap);
    expect((await platform.data(SEARCH, { text: r.idNumber })).residents.edges).toEqual([{ node: { id: String(r.id) } }]);
    // A current resident again: a second registration is a duplicate.
    await expectRefused(() => register(validInput({ idNumber: r.idNumber })), 'CONFLICT');
  });

  test('a moved-in instant before the last move-out is BAD_USER_INPUT and writes nothing', async () => {
    const r = await movedOut('2023-03-01T00:00:00.000Z');
    await expectRefused(
      () => register(validInput({ idNumber: r.idNumber, movedInAt: '2023-02-28T23:59:59.000Z' })),
      'BAD_USER_INPUT',
      'input.movedInAt',
    );
  });

  test('two concurrent registrations of a returning resident: exactly one succeeds', async () => {
    const r = await movedOut();
    const before = await rowCounts();
    const responses = await Promise.all([register(validInput({ idNumber: r.idNumber })), register(validInput({ idNumber: r.idNumber, communityCode: COMMUNITY_B2 }))]);
    expect(responses.filter((x) => !x.errors)).toHaveLength(1);
    expectError(responses.find((x) => x.errors)!, 'CONFLICT');
    expect(await rowCounts()).toEqual({ ...before, residencies: before.residencies + 1, households: before.households + 1, outbox: before.outbox + 1 });
    expect((await residenciesOf(r.id)).filter((p) => p.endedAt === null)).toHaveLength(1);
  });
});

describe('updateResident', () => {
  test('a name or phone change is made in place: no new residency period, no event', async () => {
    const r = await platform.seed.resident({ community: COMMUNITY_A1, name: 'Wang Fang' });
    const before = await rowCounts();
    const { updateResident: updated } = await platform.data(UPDATE, { id: String(r.id), input: { name: ' Wang Fangfang ', phone: '186-0000-1111' } });
    expect(updated).toMatchObject({ id: String(r.id), name: 'Wang Fangfang', phone: '18600001111', community: { code: COMMUNITY_A1 } });
    expect(updated.registeredAt).toBe('2020-01-01T00:00:00.000Z');
    expect(await rowCounts()).toEqual(before);
    const periods = await residenciesOf(r.id);
    expect(periods).toHaveLength(1);
    expect(periods[0]!.endedAt).toBeNull();
  });

  test('an empty change changes nothing', async () => {
    const r = await platform.seed.resident();
    const before = await snapshot();
    await platform.data(UPDATE, { id: String(r.id), input: {} });
    expect(await snapshot()).toEqual(before);
  });

  test('a residency type change closes the period and opens a new one; the past keeps the old type', async () => {
    const r = await platform.seed.resident({ community: COMMUNITY_B2, residencyType: 'FLOATING', movedInAt: new Date('2020-01-01T00:00:00Z') });
    const earlier = new Date();
    await pause(5);
    const atEarlierBefore = await population(COMMUNITY_B2, earlier);
    const nowBefore = await population(COMMUNITY_B2);

    const start = Date.now();
    const { updateResident: updated } = await platform.data(UPDATE, { id: String(r.id), input: { residencyType: 'REGISTERED' } });
    const end = Date.now();
    expect(updated).toMatchObject({ residencyType: 'REGISTERED', community: { code: COMMUNITY_B2 }, household: { id: String(r.household) } });
    // Still registered in the district since the first period began.
    expect(updated.registeredAt).toBe('2020-01-01T00:00:00.000Z');

    const periods = await residenciesOf(r.id);
    expect(periods).toHaveLength(2);
    const [old, current] = periods as [(typeof periods)[number], (typeof periods)[number]];
    expect(old).toMatchObject({ residencyType: 'FLOATING', endReason: 'CHANGED', communityCode: COMMUNITY_B2, householdId: r.household });
    expect(current).toMatchObject({ residencyType: 'REGISTERED', endedAt: null, endReason: null, communityCode: COMMUNITY_B2, householdId: r.household });
    expect(old.endedAt!.getTime()).toBe(current.startedAt.getTime());
    expect(current.startedAt.getTime()).toBeGreaterThanOrEqual(start - 1000);
    expect(current.startedAt.getTime()).toBeLessThanOrEqual(end + 1000);

    // An index for an instant before the change never changes; now it shows the new type, same head count.
    expect(await population(COMMUNITY_B2, earlier)).toEqual(atEarlierBefore);
    expect(await population(COMMUNITY_B2)).toEqual({ ...nowBefore, registered: nowBefore.registered + 1, floating: nowBefore.floating - 1 });

    const events = await platform.test.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'resident.residency-changed'), sql`${outbox.payload}->>'residentId' = ${String(r.id)}`));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ residencyType: 'REGISTERED', communityCode: COMMUNITY_B2, from: current.startedAt.toISOString() });
  });

  test('moving to another community with an address starts a new household there', async () => {
    const r = await platform.seed.resident({ community: COMMUNITY_A1, residencyType: 'REGISTERED' });
    const a1Before = await population(COMMUNITY_A1);
    const a2Before = await population(COMMUNITY_A2);
    const { updateResident: moved } = await platform.data(UPDATE, {
      id: String(r.id),
      input: { communityCode: COMMUNITY_A2, address: 'No. 7 Songze Road' },
    });
    expect(moved).toMatchObject({
      community: { code: COMMUNITY_A2 },
      address: 'No. 7 Songze Road',
      residencyType: 'REGISTERED',
      household: { address: 'No. 7 Songze Road', community: { code: COMMUNITY_A2 }, members: [{ id: String(r.id) }] },
    });
    expect(moved.household.id).not.toBe(String(r.household));

    const periods = await residenciesOf(r.id);
    expect(periods.map((p) => [p.communityCode, p.endReason])).toEqual([
      [COMMUNITY_A1, 'CHANGED'],
      [COMMUNITY_A2, null],
    ]);
    expect((await population(COMMUNITY_A1)).residents).toBe(a1Before.residents - 1);
    expect((await population(COMMUNITY_A2)).residents).toBe(a2Before.residents + 1);
    expect((await population(TOWN_A)).residents).toBe(a1Before.residents + a2Before.residents);
    // The old household no longer lists them.
    const old = await platform.data(`query($id: ID!) { resident(id: $id) { household { id } } }`, { id: String(r.id) });
    expect(old.resident.household.id).toBe(moved.household.id);
  });

  test('moving into an existing household of another community', async () => {
    const host = await platform.seed.resident({ community: COMMUNITY_B1, address: 'No. 1 Xiangjia Road' });
    const r = await platform.seed.resident({ community: COMMUNITY_A1 });
    const { updateResident: moved } = await platform.data(UPDATE, {
      id: String(r.id),
      input: { communityCode: COMMUNITY_B1, householdId: String(host.household) },
    });
    expect(moved).toMatchObject({ community: { code: COMMUNITY_B1 }, address: 'No. 1 Xiangjia Road', household: { id: String(host.household) } });
    expect(moved.household.members.map((m: { id: string }) => m.id)).toEqual([String(host.id), String(r.id)]);
  });

  test.each<[string, (household: number) => Record<string, unknown>, string]>([
    ['a move to another community without household or address', () => ({ communityCode: COMMUNITY_A2 }), 'input.address'],
    ['a move to a town', () => ({ communityCode: TOWN_A, address: 'Somewhere' }), 'input.communityCode'],
    ['a move to an unknown community', () => ({ communityCode: '310118109009', address: 'Somewhere' }), 'input.communityCode'],
    ['a household in another community', (elsewhere) => ({ householdId: String(elsewhere) }), 'input.householdId'],
    ['an unknown household', () => ({ householdId: '987654321' }), 'input.householdId'],
    ['a bad phone', () => ({ phone: '12345678901' }), 'input.phone'],
    ['a blank name', () => ({ name: ' ' }), 'input.name'],
    ['a name change together with an impossible move', () => ({ name: 'Renamed', communityCode: TOWN_A }), 'input.communityCode'],
    ['a phone change together with a bad household', () => ({ phone: '13700001111', householdId: '987654321' }), 'input.householdId'],
  ])('refuses %s, naming the field, and writes nothing', async (_label, input, field) => {
    const r = await platform.seed.resident({ community: COMMUNITY_A1 });
    const elsewhere = await platform.seed.household(COMMUNITY_B1, 'No. 9 Xiangjia Road');
    await expectRefused(() => platform.gql(UPDATE, { id: String(r.id), input: input(elsewhere) }), 'BAD_USER_INPUT', field);
  });

  test('an unknown ID is NOT_FOUND', async () => {
    await expectRefused(() => platform.gql(UPDATE, { id: '987654321', input: { name: 'Nobody' } }), 'NOT_FOUND');
  });

  test.each(['abc', '0', '-1', '1.5', '00012'])('a malformed ID (%s) is BAD_USER_INPUT', async (id) => {
    await expectRefused(() => platform.gql(UPDATE, { id, input: { name: 'Nobody' } }), 'BAD_USER_INPUT', 'id');
  });
});

describe('moveOutResident', () => {
  test('keeps the record, sets movedOutAt, and stops counting and finding the resident', async () => {
    const r = await platform.seed.resident({ community: COMMUNITY_B1, name: 'Departing Qian', residencyType: 'FLOATING' });
    const earlier = new Date();
    await pause(5);
    const atEarlierBefore = await population(COMMUNITY_B1, earlier);
    const districtBefore = await population(DISTRICT);
    expect((await platform.data(SEARCH, { text: 'Departing Qian' })).residents.totalCount).toBe(1);
    expect((await platform.data(SEARCH, { text: r.idNumber.slice(-6) })).residents.edges).toEqual([{ node: { id: String(r.id) } }]);

    const start = Date.now();
    const { moveOutResident: gone } = await platform.data(MOVE_OUT, { id: String(r.id) });
    const end = Date.now();
    expect(Date.parse(gone.movedOutAt)).toBeGreaterThanOrEqual(start - 1000);
    expect(Date.parse(gone.movedOutAt)).toBeLessThanOrEqual(end + 1000);
    expect(gone).toMatchObject({ id: String(r.id), name: 'Departing Qian', community: { code: COMMUNITY_B1 }, residencyType: 'FLOATING' });

    // Kept: still readable by ID, with when they left.
    const { resident } = await platform.data(RESIDENT, { id: String(r.id) });
    expect(resident).toMatchObject({ id: String(r.id), idNumber: r.idNumber, movedOutAt: gone.movedOutAt, registeredAt: '2020-01-01T00:00:00.000Z' });
    expect(resident.household.members).toEqual([]);
    const stored = await platform.test.database.db.select().from(residents).where(eq(residents.id, r.id));
    expect(stored).toHaveLength(1);

    // Not counted, not found.
    expect(await population(DISTRICT)).toMatchObject({ residents: districtBefore.residents - 1, floating: districtBefore.floating - 1 });
    expect((await platform.data(SEARCH, { text: 'Departing Qian' })).residents.totalCount).toBe(0);
    expect((await platform.data(SEARCH, { text: r.idNumber.slice(-6) })).residents.totalCount).toBe(0);
    expect((await platform.data(SEARCH, { text: r.phone })).residents.totalCount).toBe(0);
    // ...but still counted at an instant before they left.
    expect(await population(COMMUNITY_B1, earlier)).toEqual(atEarlierBefore);

    const events = await platform.test.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'resident.moved-out'), sql`${outbox.payload}->>'residentId' = ${String(r.id)}`));
    expect(events.map((e) => e.payload)).toEqual([{ residentId: String(r.id), movedOutAt: gone.movedOutAt, reason: 'MOVED_OUT' }]);
  });

  test('a declared earlier movedOutAt is kept and shown; the residency ends when the move-out is recorded', async () => {
    const r = await platform.seed.resident({ movedInAt: new Date('2020-01-01T00:00:00Z'), community: COMMUNITY_B1 });
    const at = '2022-04-01T08:00:00.000Z';
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    const before = await population(COMMUNITY_B1, yesterday);
    const start = Date.now();
    const { moveOutResident: gone } = await platform.data(MOVE_OUT, { id: String(r.id), at });
    expect(Date.parse(gone.movedOutAt)).toBeGreaterThanOrEqual(start - 1000);
    const [period] = await residenciesOf(r.id);
    expect(period).toMatchObject({ endReason: 'MOVED_OUT' });
    expect(period!.endedAt!.toISOString()).toBe(gone.movedOutAt);
    expect(period!.statedEndedAt!.toISOString()).toBe(at);
    const shown = await platform.data(`query($id: ID!) { resident(id: $id) { statedMovedOutAt residencyEndReason } }`, { id: String(r.id) });
    expect(shown.resident).toEqual({ statedMovedOutAt: at, residencyEndReason: 'MOVED_OUT' });
    // Yesterday's numbers stay as they were.
    expect(await population(COMMUNITY_B1, yesterday)).toEqual(before);
  });

  test('a second move-out is a CONFLICT and changes nothing', async () => {
    const r = await platform.seed.resident();
    await platform.data(MOVE_OUT, { id: String(r.id), at: '2023-01-01T00:00:00.000Z' });
    await expectRefused(() => platform.gql(MOVE_OUT, { id: String(r.id) }), 'CONFLICT');
  });

  test('movedOutAt before the resident moved in is BAD_USER_INPUT', async () => {
    const r = await platform.seed.resident({ movedInAt: new Date('2020-01-01T00:00:00Z') });
    await expectRefused(() => platform.gql(MOVE_OUT, { id: String(r.id), at: '2019-12-31T23:59:59.000Z' }), 'BAD_USER_INPUT', 'movedOutAt');
  });

  test('movedOutAt in the future is BAD_USER_INPUT', async () => {
    const r = await platform.seed.resident();
    await expectRefused(
      () => platform.gql(MOVE_OUT, { id: String(r.id), at: new Date(Date.now() + 86400_000).toISOString() }),
      'BAD_USER_INPUT',
      'movedOutAt',
    );
  });

  test('an unknown ID is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    await expectRefused(() => platform.gql(MOVE_OUT, { id: '987654321' }), 'NOT_FOUND');
    await expectRefused(() => platform.gql(MOVE_OUT, { id: 'x1' }), 'BAD_USER_INPUT', 'id');
  });

  test.each<[string, Record<string, unknown>]>([
    ['a name change', { name: 'Too Late' }],
    ['a phone change', { phone: '13900002222' }],
    ['a residency type change', { residencyType: 'REGISTERED' }],
    ['a move', { communityCode: COMMUNITY_A2, address: 'No. 1 Songze Road' }],
  ])('%s after move-out is a CONFLICT and writes nothing', async (_label, input) => {
    const r = await platform.seed.resident({ residencyType: 'FLOATING' });
    await platform.data(MOVE_OUT, { id: String(r.id) });
    await expectRefused(() => platform.gql(UPDATE, { id: String(r.id), input }), 'CONFLICT');
  });
});
