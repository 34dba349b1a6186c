/**
 * residents(filter, first, after) over the gateway: every criterion alone,
 * combinations, what never matches (moved-out residents, ended tags), paging,
 * and the errors that name the offending field. One hand-built fixture: every
 * expected list below is known by construction from it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withCheckCharacter } from '../../subgraphs/population/resident/identity.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { SearchResidentsDocument } from '../generated/graphql.js';
import { ok } from '../support/assertions.js';
import { asViewer, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform.js';

// ---------------------------------------------------------------------------
// Calendar helpers, written independently of the product's: ages are whole
// years on today's Asia/Shanghai calendar date (UTC+8, no daylight saving).

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The same month and day `years` earlier; 29 February falls back to the 28th in common years. */
function sameDayYearsAgo(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth)).padStart(2, '0')}`;
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------

type Key =
  | 'alice'
  | 'bob'
  | 'carol'
  | 'dave'
  | 'erin'
  | 'hana'
  | 'frank'
  | 'kid17'
  | 'adult18'
  | 'senior59'
  | 'senior60'
  | 'baby'
  | 'xavier';

interface Seeded {
  key: Key;
  id: string;
  idNumber: string;
  phone: string;
  current: boolean;
}

let platform: TestPlatform;
const seeded = new Map<Key, Seeded>();
const keyById = new Map<string, Key>();
const today = shanghaiToday();

/** An identity number whose check character is X (found by trying sequence codes). */
function identityNumberEndingInX(birth: string): string {
  for (let serial = 100; serial < 1000; serial++) {
    const candidate = withCheckCharacter(`310118${birth.replace(/-/g, '')}${serial}`);
    if (candidate.endsWith('X')) return candidate;
  }
  throw new Error('no X check character found');
}

beforeAll(async () => {
  platform = await startTestPlatform();
  const { seed } = platform;
  await seed.regionTree();
  const add = async (key: Key, spec: Parameters<typeof seed.resident>[0] & { phone: string }) => {
    const built = await seed.resident(spec);
    const entry = { key, id: String(built.id), idNumber: built.idNumber, phone: built.phone, current: !spec.movedOutAt };
    seeded.set(key, entry);
    keyById.set(entry.id, key);
  };
  const ended = { at: new Date('2022-01-01T00:00:00Z'), until: new Date('2023-01-01T00:00:00Z') };

  await add('alice', { community: COMMUNITY_A1, name: 'Alice Zhang', birthDate: '1990-06-15', residencyType: 'REGISTERED', phone: '13800001001', tags: ['BEDRIDDEN', 'DIALYSIS'] });
  await add('bob', { community: COMMUNITY_A1, name: 'Bob Li', birthDate: '1985-03-03', gender: 'MALE', residencyType: 'FLOATING', phone: '13800001002', tags: ['BEDRIDDEN'] });
  await add('carol', { community: COMMUNITY_A2, name: 'Carol Wang', birthDate: '1992-01-20', residencyType: 'OVERSEAS', phone: '13800001003', tags: ['DIALYSIS'] });
  await add('dave', { community: COMMUNITY_B1, name: 'DAVE ZHANGSAN', birthDate: '1980-11-11', gender: 'MALE', residencyType: 'FLOATING', phone: '13912345678', tags: ['KEY_INDUSTRY_WORKER'] });
  // Her PREGNANT tag has ended: it must not match any more.
  await add('erin', { community: COMMUNITY_B2, name: '张三丰', birthDate: '1975-05-05', residencyType: 'REGISTERED', phone: '13800001005', tags: [{ code: 'PREGNANT', ...ended }] });
  await add('hana', { community: COMMUNITY_B2, name: 'Hana Mary_Ann', birthDate: '1995-09-09', residencyType: 'FLOATING', phone: '13800001006', tags: ['PREGNANT'] });
  // Moved out: matches region A1, BEDRIDDEN, DIALYSIS, "zhang", REGISTERED… and must never be found.
  await add('frank', {
    community: COMMUNITY_A1,
    name: 'Frank Zhang',
    birthDate: '1988-08-08',
    gender: 'MALE',
    residencyType: 'REGISTERED',
    phone: '13800009999',
    tags: ['BEDRIDDEN', 'DIALYSIS'],
    movedOutAt: new Date('2024-01-01T00:00:00Z'),
  });
  // Ages on the boundaries, relative to today in Asia/Shanghai.
  await add('kid17', { community: COMMUNITY_B1, name: 'Kid Seventeen', birthDate: plusDays(sameDayYearsAgo(today, 18), 1), phone: '13800001007' });
  await add('adult18', { community: COMMUNITY_B1, name: 'Adult Eighteen', birthDate: sameDayYearsAgo(today, 18), phone: '13800001008' });
  await add('senior59', { community: COMMUNITY_B2, name: 'Senior Fiftynine', birthDate: plusDays(sameDayYearsAgo(today, 60), 1), phone: '13800001009' });
  await add('senior60', { community: COMMUNITY_B2, name: 'Senior Sixty', birthDate: sameDayYearsAgo(today, 60), residencyType: 'OVERSEAS', phone: '13800001010' });
  await add('baby', { community: COMMUNITY_A2, name: 'Baby Newborn', birthDate: today, phone: '13800001011' });

  // Registered through the API, with an identity number ending in X.
  const idNumber = identityNumberEndingInX('1988-08-08');
  const { registerResident } = await platform.data(
    `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id idNumber phone } }`,
    {
      input: {
        name: 'Xavier Check',
        idNumber,
        phone: '13800001012',
        residencyType: 'REGISTERED',
        communityCode: COMMUNITY_A2,
        address: 'Songze Road 12',
        movedInAt: '2021-05-01T00:00:00Z',
      },
    },
  );
  seeded.set('xavier', { key: 'xavier', id: registerResident.id, idNumber: registerResident.idNumber, phone: registerResident.phone, current: true });
  keyById.set(registerResident.id, 'xavier');
});
afterAll(() => platform?.stop());

const CURRENT: Key[] = ['alice', 'bob', 'carol', 'dave', 'erin', 'hana', 'kid17', 'adult18', 'senior59', 'senior60', 'baby', 'xavier'];

/** Keys in ascending ID order: the order every result list must have. */
function inIdOrder(keys: Key[]): Key[] {
  return [...keys].sort((a, b) => Number(seeded.get(a)!.id) - Number(seeded.get(b)!.id));
}

const SEARCH = `query($filter: ResidentFilter, $first: Int, $after: String) {
  residents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name age residencyType } }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; name: string; age: number; residencyType: string } }[];
}

async function page(filter: Record<string, unknown> | null, first?: number, after?: string | null): Promise<Page> {
  return (await platform.data(SEARCH, { filter, first, after })).residents;
}

/** The keys of every match (one page of up to 500), checking totalCount agrees. */
async function search(filter: Record<string, unknown> | null): Promise<Key[]> {
  const result = await page(filter, 500);
  expect(result.pageInfo.hasNextPage).toBe(false);
  expect(result.totalCount).toBe(result.edges.length);
  return result.edges.map((edge) => {
    const key = keyById.get(edge.node.id);
    if (!key) throw new Error(`unexpected resident ${edge.node.id} (${edge.node.name})`);
    return key;
  });
}

/** Which current fixtures a digits text should find: identity number or phone ends with it. */
function bySuffix(text: string): Key[] {
  const suffix = text.toUpperCase();
  return inIdOrder(CURRENT.filter((key) => seeded.get(key)!.idNumber.endsWith(suffix) || seeded.get(key)!.phone.endsWith(suffix)));
}

/** One answer for an unknown region: NOT_FOUND naming the code, whatever its shape. */
async function expectUnknownRegion(response: GraphQLResponse, code: string) {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  expect(response.errors![0]!.extensions?.code).toBe('NOT_FOUND');
  expect(response.errors![0]!.message).toContain(`"${code}"`);
  expect(response.data?.residents ?? null).toBeNull();
}

async function expectBadInput(response: GraphQLResponse, field: string) {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  expect(response.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  expect(response.errors![0]!.extensions?.field).toBe(field);
  expect(response.data?.residents ?? null).toBeNull();
}

describe('the fixture', () => {
  test('ages are on the boundaries intended (Asia/Shanghai today)', async () => {
    const ages = new Map((await page(null, 500)).edges.map((edge) => [keyById.get(edge.node.id), edge.node.age]));
    expect(ages.get('kid17')).toBe(17);
    expect(ages.get('adult18')).toBe(18);
    expect(ages.get('senior59')).toBe(59);
    expect(ages.get('senior60')).toBe(60);
    expect(ages.get('baby')).toBe(0);
    for (const key of ['alice', 'bob', 'carol', 'dave', 'erin', 'hana', 'xavier'] as const) {
      expect(ages.get(key)).toBeGreaterThanOrEqual(19);
      expect(ages.get(key)).toBeLessThanOrEqual(58);
    }
    expect(seeded.get('xavier')!.idNumber).toMatch(/X$/);
  });
});

describe('no filter', () => {
  test('every current resident, in ID order; moved-out ones left out', async () => {
    expect(await search(null)).toEqual(inIdOrder(CURRENT));
    expect(await search({})).toEqual(inIdOrder(CURRENT));
  });
});

describe('regionCode', () => {
  test.each([
    ['the district', DISTRICT, CURRENT],
    ['a town', TOWN_A, ['alice', 'bob', 'carol', 'baby', 'xavier']],
    ['another town', TOWN_B, ['dave', 'erin', 'hana', 'kid17', 'adult18', 'senior59', 'senior60']],
    ['a town without communities', TOWN_EMPTY, []],
    ['a community (its moved-out resident left out)', COMMUNITY_A1, ['alice', 'bob']],
    ['another community', COMMUNITY_A2, ['carol', 'baby', 'xavier']],
    ['a third community', COMMUNITY_B1, ['dave', 'kid17', 'adult18']],
    ['a fourth community', COMMUNITY_B2, ['erin', 'hana', 'senior59', 'senior60']],
  ] as [string, string, Key[]][])('%s', async (_, regionCode, expected) => {
    expect(await search({ regionCode })).toEqual(inIdOrder(expected));
  });
});

describe('tags', () => {
  test('tagsAll: every one of the tags', async () => {
    expect(await search({ tagsAll: ['BEDRIDDEN'] })).toEqual(inIdOrder(['alice', 'bob']));
    expect(await search({ tagsAll: ['BEDRIDDEN', 'DIALYSIS'] })).toEqual(inIdOrder(['alice']));
    expect(await search({ tagsAll: ['DIALYSIS', 'BEDRIDDEN', 'BEDRIDDEN'] })).toEqual(inIdOrder(['alice']));
    expect(await search({ tagsAll: ['DIALYSIS', 'KEY_INDUSTRY_WORKER'] })).toEqual([]);
    expect(await search({ tagsAll: ['DISABLED'] })).toEqual([]);
  });

  test('tagsAny: at least one of the tags', async () => {
    expect(await search({ tagsAny: ['DIALYSIS', 'KEY_INDUSTRY_WORKER'] })).toEqual(inIdOrder(['alice', 'carol', 'dave']));
    expect(await search({ tagsAny: ['BEDRIDDEN', 'DIALYSIS'] })).toEqual(inIdOrder(['alice', 'bob', 'carol']));
    expect(await search({ tagsAny: ['KEY_INDUSTRY_WORKER'] })).toEqual(inIdOrder(['dave']));
  });

  test('empty lists: "all of none" holds for everybody, "any of none" for nobody', async () => {
    expect(await search({ tagsAll: [] })).toEqual(inIdOrder(CURRENT));
    expect(await search({ tagsAny: [] })).toEqual([]);
  });

  test('an ended tag does not match; the same tag held now does', async () => {
    // erin's PREGNANT ended in 2023, hana's holds.
    expect(await search({ tagsAny: ['PREGNANT'] })).toEqual(inIdOrder(['hana']));
    expect(await search({ tagsAll: ['PREGNANT'] })).toEqual(inIdOrder(['hana']));
    expect(await search({ regionCode: COMMUNITY_B2, tagsAny: ['PREGNANT', 'DIALYSIS'] })).toEqual(inIdOrder(['hana']));
  });
});

describe('text', () => {
  test('part of the name, case-insensitive', async () => {
    expect(await search({ text: 'zhang' })).toEqual(inIdOrder(['alice', 'dave']));
    expect(await search({ text: 'ZHANG' })).toEqual(inIdOrder(['alice', 'dave']));
    expect(await search({ text: 'zHaNgSaN' })).toEqual(inIdOrder(['dave']));
    expect(await search({ text: 'Li' })).toEqual(inIdOrder(['alice', 'bob'])); // "Alice", "Bob Li"
    expect(await search({ text: 'Carol Wang' })).toEqual(inIdOrder(['carol']));
    expect(await search({ text: 'nobody has this name' })).toEqual([]);
  });

  test('Chinese names', async () => {
    expect(await search({ text: '三' })).toEqual(inIdOrder(['erin']));
    expect(await search({ text: '张三丰' })).toEqual(inIdOrder(['erin']));
    expect(await search({ text: '李' })).toEqual([]);
  });

  test('surrounding spaces are ignored', async () => {
    expect(await search({ text: '  zhangsan ' })).toEqual(inIdOrder(['dave']));
  });

  test('LIKE wildcards in the text are literal characters', async () => {
    expect(await search({ text: '_' })).toEqual(inIdOrder(['hana']));
    expect(await search({ text: 'y_a' })).toEqual(inIdOrder(['hana']));
    expect(await search({ text: '%' })).toEqual([]);
    // As a wildcard, "e_e" would match "Seventeen", "Senior Fiftynine"…
    expect(await search({ text: 'e_e' })).toEqual([]);
    expect(await search({ text: 'a%n' })).toEqual([]);
    expect(await search({ text: '\\' })).toEqual([]);
  });

  test('the last digits of an identity number', async () => {
    const alice = seeded.get('alice')!;
    for (const length of [4, 6, 10, 18]) {
      const suffix = alice.idNumber.slice(-length);
      const expected = bySuffix(suffix);
      expect(expected).toContain('alice');
      expect(await search({ text: suffix })).toEqual(expected);
    }
    expect(await search({ text: alice.idNumber })).toEqual(['alice']);
  });

  test('the last characters of an identity number ending in X, either case', async () => {
    const { idNumber } = seeded.get('xavier')!;
    for (const text of [idNumber.slice(-4), idNumber.slice(-4).toLowerCase(), idNumber.slice(-8), idNumber, idNumber.toLowerCase()]) {
      const expected = bySuffix(text);
      expect(expected).toContain('xavier');
      expect(await search({ text })).toEqual(expected);
    }
    expect(await search({ text: idNumber })).toEqual(['xavier']);
  });

  test('the last digits of a phone number', async () => {
    expect(bySuffix('345678')).toEqual(['dave']);
    expect(await search({ text: '345678' })).toEqual(['dave']);
    expect(await search({ text: '13912345678' })).toEqual(['dave']);
    expect(await search({ text: '5678' })).toEqual(bySuffix('5678'));
    expect(bySuffix('5678')).toContain('dave');
    expect(await search({ text: '1001' })).toEqual(bySuffix('1001'));
    expect(bySuffix('1001')).toContain('alice');
  });

  test('digits in the middle or at the start of a number do not match', async () => {
    // dave's phone 13912345678 contains, but does not end with, 1234 and 13912.
    expect(bySuffix('1234')).not.toContain('dave');
    expect(await search({ text: '1234' })).toEqual(bySuffix('1234'));
    expect(await search({ text: '13912' })).toEqual(bySuffix('13912'));
    expect(bySuffix('13912')).toEqual([]);
  });

  test('digits are never a name search and letters never a number search', async () => {
    // A lone "x" is name text: everyone with an x in the name ("Xavier Check", "Senior Sixty").
    expect(await search({ text: 'x' })).toEqual(inIdOrder(['senior60', 'xavier']));
    // A number with an X anywhere but at the end is name text: nobody's name contains it.
    expect(await search({ text: `${seeded.get('xavier')!.idNumber.slice(-4, -1)}X1` })).toEqual([]);
  });
});

describe('age', () => {
  test('ageMin alone, on the birthday boundary', async () => {
    expect(await search({ ageMin: 60 })).toEqual(inIdOrder(['senior60']));
    expect(await search({ ageMin: 59 })).toEqual(inIdOrder(['senior59', 'senior60']));
    expect(await search({ ageMin: 61 })).toEqual([]);
    expect(await search({ ageMin: 0 })).toEqual(inIdOrder(CURRENT));
    expect(await search({ ageMin: 18 })).toEqual(inIdOrder(CURRENT.filter((key) => key !== 'kid17' && key !== 'baby')));
    expect(await search({ ageMin: 150 })).toEqual([]);
  });

  test('ageMax alone, on the birthday boundary', async () => {
    expect(await search({ ageMax: 17 })).toEqual(inIdOrder(['kid17', 'baby']));
    expect(await search({ ageMax: 18 })).toEqual(inIdOrder(['kid17', 'adult18', 'baby']));
    // Born today: age 0.
    expect(await search({ ageMax: 0 })).toEqual(inIdOrder(['baby']));
    expect(await search({ ageMax: 59 })).toEqual(inIdOrder(CURRENT.filter((key) => key !== 'senior60')));
  });

  test('an age range, including a one-year range', async () => {
    expect(await search({ ageMin: 18, ageMax: 18 })).toEqual(inIdOrder(['adult18']));
    expect(await search({ ageMin: 17, ageMax: 17 })).toEqual(inIdOrder(['kid17']));
    expect(await search({ ageMin: 59, ageMax: 59 })).toEqual(inIdOrder(['senior59']));
    expect(await search({ ageMin: 60, ageMax: 60 })).toEqual(inIdOrder(['senior60']));
    expect(await search({ ageMin: 18, ageMax: 59 })).toEqual(
      inIdOrder(['alice', 'bob', 'carol', 'dave', 'erin', 'hana', 'adult18', 'senior59', 'xavier']),
    );
  });
});

describe('residencyType', () => {
  test.each([
    ['REGISTERED', ['alice', 'erin', 'kid17', 'adult18', 'senior59', 'baby', 'xavier']],
    ['FLOATING', ['bob', 'dave', 'hana']],
    ['OVERSEAS', ['carol', 'senior60']],
  ] as [string, Key[]][])('%s', async (residencyType, expected) => {
    expect(await search({ residencyType })).toEqual(inIdOrder(expected));
  });
});

describe('combinations: every criterion must hold', () => {
  test.each([
    ['region and any tag', { regionCode: TOWN_A, tagsAny: ['BEDRIDDEN', 'DIALYSIS'] }, ['alice', 'bob', 'carol']],
    ['community, tag and residency type', { regionCode: COMMUNITY_A1, tagsAll: ['BEDRIDDEN'], residencyType: 'FLOATING' }, ['bob']],
    ['name and residency type', { text: 'zhang', residencyType: 'REGISTERED' }, ['alice']],
    ['name and region', { text: 'zhang', regionCode: TOWN_B }, ['dave']],
    ['region and age range', { regionCode: TOWN_B, ageMin: 18, ageMax: 59 }, ['dave', 'erin', 'hana', 'adult18', 'senior59']],
    ['region and minimum age', { regionCode: TOWN_B, ageMin: 60 }, ['senior60']],
    ['another region and the same minimum age', { regionCode: TOWN_A, ageMin: 60 }, []],
    ['all of and any of', { tagsAll: ['BEDRIDDEN'], tagsAny: ['DIALYSIS', 'PREGNANT'] }, ['alice']],
    ['phone suffix in the wrong region', { text: '345678', regionCode: TOWN_A }, []],
    ['phone suffix in the right town', { text: '345678', regionCode: TOWN_B }, ['dave']],
    ['residency type and maximum age', { residencyType: 'REGISTERED', ageMax: 17 }, ['kid17', 'baby']],
    ['residency type and age', { residencyType: 'OVERSEAS', ageMin: 60 }, ['senior60']],
    [
      'every criterion at once',
      { regionCode: COMMUNITY_A1, tagsAll: ['BEDRIDDEN'], tagsAny: ['DIALYSIS'], text: 'alice', ageMin: 18, ageMax: 59, residencyType: 'REGISTERED' },
      ['alice'],
    ],
    [
      'every criterion at once, one of them failing',
      { regionCode: COMMUNITY_A1, tagsAll: ['BEDRIDDEN'], tagsAny: ['DIALYSIS'], text: 'alice', ageMin: 18, ageMax: 59, residencyType: 'FLOATING' },
      [],
    ],
  ] as [string, Record<string, unknown>, Key[]][])('%s', async (_, filter, expected) => {
    expect(await search(filter)).toEqual(inIdOrder(expected));
  });

  test('null criteria are the same as omitted ones', async () => {
    expect(
      await search({ regionCode: null, tagsAll: null, tagsAny: null, text: null, ageMin: null, ageMax: null, residencyType: null }),
    ).toEqual(inIdOrder(CURRENT));
  });
});

describe('moved-out residents', () => {
  test('are never found, whatever matches them', async () => {
    const frank = seeded.get('frank')!;
    expect(await search({ text: 'frank' })).toEqual([]);
    expect(await search({ text: frank.phone.slice(-4) })).not.toContain('frank');
    expect(await search({ text: frank.idNumber })).toEqual([]);
    expect(await search({ regionCode: COMMUNITY_A1, tagsAll: ['BEDRIDDEN', 'DIALYSIS'] })).toEqual(['alice']);
    expect((await page({ regionCode: COMMUNITY_A1 })).totalCount).toBe(2);
  });

  test('but are still readable one by one', async () => {
    const { resident } = await platform.data(`query($id: ID!) { resident(id: $id) { id movedOutAt } }`, { id: seeded.get('frank')!.id });
    expect(resident.movedOutAt).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('paging', () => {
  const all = () => inIdOrder(CURRENT);
  const keysOf = (result: Page) => result.edges.map((edge) => keyById.get(edge.node.id));

  test('default page size is 20 (more than the 12 residents here)', async () => {
    const result = await page(null);
    expect(result.totalCount).toBe(12);
    expect(keysOf(result)).toEqual(all());
    expect(result.pageInfo.hasNextPage).toBe(false);
  });

  test('paging through every page collects every resident once, in ascending ID order', async () => {
    for (const size of [1, 5, 7, 11]) {
      const collected: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const result: Page = await page(null, size, after);
        pages++;
        expect(result.totalCount).toBe(12);
        expect(result.edges.length).toBeLessThanOrEqual(size);
        expect(result.pageInfo.endCursor).toBe(result.edges.at(-1)?.cursor ?? null);
        collected.push(...result.edges.map((edge) => edge.node.id));
        if (!result.pageInfo.hasNextPage) break;
        expect(result.edges).toHaveLength(size);
        after = result.pageInfo.endCursor;
      }
      expect(pages).toBe(Math.ceil(12 / size));
      expect(collected.map((id) => keyById.get(id))).toEqual(all());
      const ids = collected.map(Number);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(12);
    }
  });

  test('paging a filtered list keeps the filter on every page', async () => {
    const first = await page({ regionCode: TOWN_B }, 3);
    expect(first.totalCount).toBe(7);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page({ regionCode: TOWN_B }, 3, first.pageInfo.endCursor);
    const third = await page({ regionCode: TOWN_B }, 3, second.pageInfo.endCursor);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect([...keysOf(first), ...keysOf(second), ...keysOf(third)]).toEqual(
      inIdOrder(['dave', 'erin', 'hana', 'kid17', 'adult18', 'senior59', 'senior60']),
    );
  });

  test('an edge cursor continues right after its item', async () => {
    const full = await page(null, 12);
    const fourth = full.edges[3]!;
    const rest = await page(null, 500, fourth.cursor);
    expect(rest.edges.map((edge) => edge.node.id)).toEqual(full.edges.slice(4).map((edge) => edge.node.id));
    expect(rest.totalCount).toBe(12);
  });

  test('first exactly the total: one full page, no next page', async () => {
    const result = await page(null, 12);
    expect(keysOf(result)).toEqual(all());
    expect(result.pageInfo.hasNextPage).toBe(false);
    expect(result.pageInfo.endCursor).toBe(result.edges[11]!.cursor);
  });

  test('first one less than the total: a next page of one', async () => {
    const result = await page(null, 11);
    expect(result.edges).toHaveLength(11);
    expect(result.pageInfo.hasNextPage).toBe(true);
    const next = await page(null, 11, result.pageInfo.endCursor);
    expect(keysOf(next)).toEqual([all()[11]]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  test('after the last cursor: an empty page, no next page', async () => {
    const result = await page(null, 12);
    const beyond = await page(null, 5, result.pageInfo.endCursor);
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expect(beyond.totalCount).toBe(12);
  });

  test('first: 0 gives the count and no items', async () => {
    const result = await page(null, 0);
    expect(result.totalCount).toBe(12);
    expect(result.edges).toEqual([]);
    expect(result.pageInfo.endCursor).toBeNull();
  });

  test('first: 0 on a non-empty list says more items follow', async () => {
    expect((await page(null, 0)).pageInfo.hasNextPage).toBe(true);
    expect((await page({ regionCode: TOWN_B }, 0)).pageInfo.hasNextPage).toBe(true);
  });

  test('first: 0 on an empty list', async () => {
    const result = await page({ regionCode: TOWN_EMPTY }, 0);
    expect(result).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test('an empty list: no items, no cursor', async () => {
    const result = await page({ regionCode: TOWN_EMPTY }, 10);
    expect(result).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test('first: 500 is allowed', async () => {
    const result = await page(null, 500);
    expect(keysOf(result)).toEqual(all());
  });

  test.each([501, -1, 100000])('first: %i is refused, naming "first"', async (first) => {
    await expectBadInput(await platform.gql(SEARCH, { filter: null, first }), 'first');
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  test.each([
    ['garbage', 'not-a-cursor!'],
    ['the empty string', ''],
    ['base64 of plain text', Buffer.from('hello').toString('base64url')],
    ['a cursor of the wrong shape', cursorOf(['x'])],
    ['a cursor with too many parts', cursorOf([1, 2])],
    ['a JSON object', cursorOf({ id: 1 })],
  ])('after: %s is refused, naming "after"', async (_, after) => {
    await expectBadInput(await platform.gql(SEARCH, { filter: null, first: 5, after }), 'after');
  });

  test.each([
    ['a fractional ID', cursorOf([1.5])],
    ['a number too large to be an ID', cursorOf([1e300])],
  ])('after: %s is refused, naming "after"', async (_, after) => {
    await expectBadInput(await platform.gql(SEARCH, { filter: null, first: 5, after }), 'after');
  });
});

describe('bad filters are refused, naming the field', () => {
  test.each([
    ['an unknown tag in tagsAll', { tagsAll: ['BEDRIDDEN', 'NO_SUCH_TAG'] }, 'filter.tagsAll'],
    ['an unknown tag in tagsAny', { tagsAny: ['no_such_tag'] }, 'filter.tagsAny'],
    ['a tag code in the wrong case', { tagsAny: ['bedridden'] }, 'filter.tagsAny'],
    ['ageMin greater than ageMax', { ageMin: 30, ageMax: 20 }, 'filter.ageMin'],
    ['a negative ageMin', { ageMin: -1 }, 'filter.ageMin'],
    ['a negative ageMax', { ageMax: -1 }, 'filter.ageMax'],
    ['empty text', { text: '' }, 'filter.text'],
    ['blank text', { text: '   ' }, 'filter.text'],
  ] as [string, Record<string, unknown>, string][])('%s', async (_, filter, field) => {
    await expectBadInput(await platform.gql(SEARCH, { filter, first: 10 }), field);
  });

  // One answer for an unknown region (these were BAD_USER_INPUT before): NOT_FOUND naming the code, whatever its shape.
  test.each([
    ['an unknown region', '310118101999'],
    ['a code that is a prefix of real ones but no region', '3101181'],
    ['an empty region code', ''],
    ['not a region code at all', 'nope'],
    ['a region code with a wildcard', '310118%'],
  ])('%s is NOT_FOUND', async (_, regionCode) => {
    await expectUnknownRegion(await platform.gql(SEARCH, { filter: { regionCode }, first: 10 }), regionCode);
  });

  test('an unknown residency type is refused by the schema', async () => {
    const response = await platform.gql(SEARCH, { filter: { residencyType: 'TOURIST' } });
    expect(response.errors?.[0]?.message).toMatch(/TOURIST/);
  });
});

describe('a viewer scoped to one town', () => {
  const townOfficer = asViewer({ id: 'officer-a', role: 'TOWN_OFFICER', regionCode: TOWN_A });

  test('finds only residents of its town', async () => {
    const response = await platform.gql(SEARCH, { filter: { tagsAny: ['BEDRIDDEN', 'DIALYSIS', 'KEY_INDUSTRY_WORKER'] }, first: 50 }, townOfficer);
    expect(response.errors).toBeUndefined();
    expect(response.data.residents.totalCount).toBe(3);
    expect(response.data.residents.edges.map((edge: { node: { id: string } }) => keyById.get(edge.node.id))).toEqual(
      inIdOrder(['alice', 'bob', 'carol']),
    );
  });

  test('is refused a region outside it, but told when a code is no region at all', async () => {
    const outside = await platform.gql(SEARCH, { filter: { regionCode: TOWN_B } }, townOfficer);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expectUnknownRegion(await platform.gql(SEARCH, { filter: { regionCode: '' } }, townOfficer), '');
    await expectUnknownRegion(await platform.gql(SEARCH, { filter: { regionCode: '310118101999' } }, townOfficer), '310118101999');
  });
});

describe('the contract operation SearchResidents', () => {
  test('validates and returns the population fields', async () => {
    const variables = { filter: { regionCode: TOWN_A, tagsAny: ['BEDRIDDEN', 'DIALYSIS'] }, first: 2 };
    const { residents } = ok(await platform.gql(SearchResidentsDocument, variables));
    expect(residents.totalCount).toBe(3);
    expect(residents.pageInfo.hasNextPage).toBe(true);
    expect(residents.edges.map((edge: { node: { id: string } }) => keyById.get(edge.node.id))).toEqual(inIdOrder(['alice', 'bob']));
    const alice = residents.edges[0]!.node;
    expect(alice).toMatchObject({
      id: seeded.get('alice')!.id,
      name: 'Alice Zhang',
      residencyType: 'REGISTERED',
      community: { code: COMMUNITY_A1, name: 'Xiayang Residential Community', parent: { code: TOWN_A, name: 'Xiayang Subdistrict' } },
    });
    expect(alice.age).toBeGreaterThanOrEqual(36);
    expect([...alice.tags].sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code))).toEqual([
      { code: 'BEDRIDDEN', name: 'Bedridden', category: 'SPECIAL_CARE' },
      { code: 'DIALYSIS', name: 'Dialysis patient', category: 'SPECIAL_CARE' },
    ]);
    expect(residents.edges[1]!.node).toMatchObject({ name: 'Bob Li', residencyType: 'FLOATING', tags: [{ code: 'BEDRIDDEN' }] });
    expect(alice.healthCode).toMatchObject({ color: expect.any(String) });
    expect(alice.vaccination).toMatchObject({ doses: expect.any(Number) });

    const next = ok(await platform.gql(SearchResidentsDocument, { ...variables, after: residents.pageInfo.endCursor }));
    expect(next.residents.edges.map((edge: { node: { id: string } }) => keyById.get(edge.node.id))).toEqual(['carol']);
    expect(next.residents.edges[0]!.node).toMatchObject({
      residencyType: 'OVERSEAS',
      community: { code: COMMUNITY_A2, parent: { code: TOWN_A } },
      tags: [{ code: 'DIALYSIS', category: 'SPECIAL_CARE' }],
    });
    expect(next.residents.pageInfo.hasNextPage).toBe(false);
  });
});
