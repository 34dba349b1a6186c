/**
 * The pure logic of ResidentFilter: the yearsBefore date helper (29 February),
 * its agreement with whole-year ages and with Postgres' own date arithmetic
 * (which the population indexes use), and filterConditions' validation and
 * the values it puts into SQL, with fake lookups and no database for the latter.
 */
// resident-filter.ts declares a type-graphql input type: its decorators need the metadata polyfill.
import 'reflect-metadata';
import { PGlite } from '@electric-sql/pglite';
import { and, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { filterConditions, yearsBefore, type FilterChecks, type ResidentFilter } from '../../subgraphs/population/resident/resident-filter.js';
import { ageOn } from '../../subgraphs/shared/time.js';
import { RegionScope } from '../../subgraphs/shared/viewer.js';

// ---------------------------------------------------------------------------
// Independent reference: whole years, a birthday not yet reached this year
// takes one off; 29 February is "reached" on 1 March in common years (as
// Postgres' age() counts).

function age(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m * 100 + d < bm * 100 + bd ? 1 : 0);
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function daysFrom(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = plusDays(day, 1)) days.push(day);
  return days;
}

/** Leap years, common years, the century rules (2000 leap, 2100 and 1900 not). */
const TODAYS = [
  ...daysFrom('2023-12-20', '2025-03-10'),
  ...daysFrom('2028-02-25', '2028-03-02'),
  ...daysFrom('2100-02-25', '2100-03-02'),
  ...daysFrom('2000-02-25', '2000-03-02'),
];
const AGES = [0, 1, 3, 4, 17, 18, 59, 60, 79, 80, 100, 124, 150];

describe('yearsBefore', () => {
  test.each([
    ['2024-03-10', 0, '2024-03-10'],
    ['2024-03-10', 18, '2006-03-10'],
    ['2024-01-31', 1, '2023-01-31'],
    ['2024-12-31', 60, '1964-12-31'],
    // 29 February: kept in a leap year, the 28th otherwise.
    ['2024-02-29', 4, '2020-02-29'],
    ['2024-02-29', 1, '2023-02-28'],
    ['2024-02-29', 18, '2006-02-28'],
    ['2024-02-29', 24, '2000-02-29'],
    ['2024-02-29', 124, '1900-02-28'], // 1900 is no leap year
    ['2028-02-29', 28, '2000-02-29'],
    ['2025-02-28', 1, '2024-02-28'],
    ['2025-03-01', 1, '2024-03-01'],
    ['2100-03-01', 100, '2000-03-01'],
    ['2024-03-10', 150, '1874-03-10'],
  ] as [string, number, string][])('%s minus %i years is %s', (date, years, expected) => {
    expect(yearsBefore(date, years)).toBe(expected);
  });

  test('age ≥ n exactly when born on or before yearsBefore(today, n), for every day and age around the boundaries', () => {
    let checked = 0;
    for (const today of TODAYS) {
      for (const n of AGES) {
        const boundary = yearsBefore(today, n);
        for (let offset = -3; offset <= 3; offset++) {
          const birth = plusDays(boundary, offset);
          if (birth > today) continue;
          expect(age(birth, today) >= n, `born ${birth}, on ${today}, n=${n}`).toBe(birth <= boundary);
          // ageMax n: age ≤ n ⇔ born after yearsBefore(today, n + 1).
          expect(age(birth, today) <= n - 1, `born ${birth}, on ${today}, max ${n - 1}`).toBe(birth > boundary);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30_000);
  });

  test('the `age` field (ageOn) agrees with the same reference, so search and displayed ages never disagree', () => {
    for (const today of TODAYS) {
      for (const n of AGES) {
        const boundary = yearsBefore(today, n);
        for (let offset = -2; offset <= 2; offset++) {
          const birth = plusDays(boundary, offset);
          if (birth <= today) expect(ageOn(birth, today), `born ${birth}, on ${today}`).toBe(age(birth, today));
        }
      }
    }
  });

  test('a 29 February birthday turns over on 1 March in common years', () => {
    expect(age('2004-02-29', '2022-02-28')).toBe(17);
    expect(age('2004-02-29', '2022-03-01')).toBe(18);
    expect(age('2004-02-29', '2024-02-29')).toBe(20);
    expect('2004-02-29' <= yearsBefore('2022-02-28', 18)).toBe(false);
    expect('2004-02-29' <= yearsBefore('2022-03-01', 18)).toBe(true);
  });
});

describe('agreement with Postgres (the population indexes compute ages in SQL)', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = new PGlite();
    await pg.waitReady;
  });
  afterAll(() => pg?.close());

  test('date − interval N years is yearsBefore, and age() in whole years is the reference age', async () => {
    const pairs = TODAYS.filter((_, i) => i % 3 === 0 || TODAYS[i]!.slice(5) <= '03-01').flatMap((today) =>
      AGES.map((n) => ({ today, n })),
    );
    const { rows } = await pg.query<{ today: string; n: number; shifted: string }>(
      `select t.today::text as today, t.n, (t.today::date - make_interval(years => t.n))::date::text as shifted
       from unnest($1::text[], $2::int[]) as t(today, n)`,
      [pairs.map((p) => p.today), pairs.map((p) => p.n)],
    );
    expect(rows).toHaveLength(pairs.length);
    for (const row of rows) expect(row.shifted, `${row.today} − ${row.n} years`).toBe(yearsBefore(row.today, row.n));

    const births = ['2004-02-29', '2000-02-29', '1964-02-29', '2006-03-11', '1944-03-12', '2023-02-28', '2023-03-01'];
    const agePairs = TODAYS.flatMap((today) => births.filter((birth) => birth <= today).map((birth) => ({ today, birth })));
    const ages = await pg.query<{ today: string; birth: string; years: number }>(
      `select t.today, t.birth, extract(year from age(t.today::date, t.birth::date))::int as years
       from unnest($1::text[], $2::text[]) as t(today, birth)`,
      [agePairs.map((p) => p.today), agePairs.map((p) => p.birth)],
    );
    for (const row of ages.rows) expect(row.years, `born ${row.birth}, on ${row.today}`).toBe(age(row.birth, row.today));
  });
});

// ---------------------------------------------------------------------------
// filterConditions with fake lookups.

const CATALOG = new Set(['BEDRIDDEN', 'DIALYSIS', 'PREGNANT', 'KEY_INDUSTRY_WORKER']);
const REGIONS = new Set(['310118', '310118101', '310118102', '310118101001']);

/** Checks as the resolver builds them for a viewer scoped to `scope` (the real RegionScope, fake regions); records region lookups. */
function fakeChecks(scope = '310118'): FilterChecks & { regionLookups: string[] } {
  const regionLookups: string[] = [];
  const regionScope = new RegionScope(scope, async (code) => {
    regionLookups.push(code);
    return REGIONS.has(code);
  });
  return {
    regionLookups,
    unknownTags: async (codes) => codes.filter((code) => !CATALOG.has(code)),
    assertRegion: (code) => regionScope.assertRegion(code),
  };
}

const dialect = new PgDialect();
function compiled(conditions: SQL[]): { sql: string; params: unknown[] } {
  return conditions.length === 0 ? { sql: '', params: [] } : dialect.sqlToQuery(and(...conditions)!);
}

async function refusal(filter: ResidentFilter, checks = fakeChecks()): Promise<{ code: unknown; field: unknown }> {
  try {
    await filterConditions(filter, checks);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    const { code, field } = (error as GraphQLError).extensions;
    return { code, field };
  }
  throw new Error(`filter ${JSON.stringify(filter)} was accepted`);
}

describe('filterConditions: validation names the field', () => {
  // A region code that names no region is NOT_FOUND whatever its shape (one answer for an unknown region).
  test.each([[{ regionCode: '310118101999' }], [{ regionCode: '' }], [{ regionCode: 'abc' }], [{ regionCode: '31011810' }], [{ regionCode: '310118%' }], [{ regionCode: '999999' }]] as [
    ResidentFilter,
  ][])('%j → NOT_FOUND', async (filter) => {
    expect(await refusal(filter)).toEqual({ code: 'NOT_FOUND', field: undefined });
  });

  test.each([
    [{ tagsAll: ['BEDRIDDEN', 'NOPE'] }, 'filter.tagsAll'],
    [{ tagsAny: ['NOPE'] }, 'filter.tagsAny'],
    [{ text: '' }, 'filter.text'],
    [{ text: ' \t ' }, 'filter.text'],
    [{ ageMin: -1 }, 'filter.ageMin'],
    [{ ageMax: -1 }, 'filter.ageMax'],
    [{ ageMin: 151 }, 'filter.ageMin'],
    [{ ageMax: 151 }, 'filter.ageMax'],
    [{ ageMin: 60, ageMax: 59 }, 'filter.ageMin'],
  ] as [ResidentFilter, string][])('%j → %s', async (filter, field) => {
    expect(await refusal(filter)).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  test('a malformed region code is refused without a lookup, even for a scoped viewer', async () => {
    const checks = fakeChecks('310118101');
    expect(await refusal({ regionCode: '' }, checks)).toEqual({ code: 'NOT_FOUND', field: undefined });
    expect(await refusal({ regionCode: 'x' }, checks)).toEqual({ code: 'NOT_FOUND', field: undefined });
    expect(checks.regionLookups).toEqual([]);
  });

  test('a well-formed region outside the viewer\'s scope is FORBIDDEN, not revealed as unknown', async () => {
    const checks = fakeChecks('310118101');
    expect(await refusal({ regionCode: '310118102' }, checks)).toEqual({ code: 'FORBIDDEN', field: undefined });
    // An ancestor of the viewer's region is outside it too.
    expect(await refusal({ regionCode: '310118' }, checks)).toEqual({ code: 'FORBIDDEN', field: undefined });
    // A well-formed code of no region is NOT_FOUND for everybody.
    expect(await refusal({ regionCode: '310101' }, checks)).toEqual({ code: 'NOT_FOUND', field: undefined });
  });

  test('edge values are accepted', async () => {
    for (const filter of [{ ageMin: 0 }, { ageMax: 150 }, { ageMin: 150, ageMax: 150 }, { ageMin: 18, ageMax: 18 }, { tagsAll: [] }, { tagsAny: [] }]) {
      await expect(filterConditions(filter, fakeChecks())).resolves.toBeDefined();
    }
  });
});

describe('filterConditions: what goes into SQL', () => {
  test('no criteria, no conditions', async () => {
    expect(await filterConditions({}, fakeChecks())).toEqual([]);
  });

  test('ages are counted on the Asia/Shanghai date, not the UTC one', async () => {
    // 17:30 UTC on 10 March is 01:30 on 11 March in Shanghai.
    const now = new Date('2024-03-10T17:30:00Z');
    const min = compiled(await filterConditions({ ageMin: 18 }, fakeChecks(), now));
    expect(min.sql).toMatch(/"birth_date" <= \$1/);
    expect(min.params).toEqual(['2006-03-11']);
    const max = compiled(await filterConditions({ ageMax: 17 }, fakeChecks(), now));
    expect(max.sql).toMatch(/"birth_date" > \$1/);
    expect(max.params).toEqual(['2006-03-11']);
    // A minute before Shanghai midnight it is still 10 March.
    const earlier = compiled(await filterConditions({ ageMin: 18 }, fakeChecks(), new Date('2024-03-10T15:59:00Z')));
    expect(earlier.params).toEqual(['2006-03-10']);
  });

  test('ages on 29 February', async () => {
    const leapDay = new Date('2024-02-28T16:00:00Z'); // 2024-02-29 00:00 in Shanghai
    expect(compiled(await filterConditions({ ageMin: 1, ageMax: 3 }, fakeChecks(), leapDay)).params).toEqual(['2023-02-28', '2020-02-29']);
  });

  test('digits (optionally ending in X, either case) search the ends of identity and phone numbers', async () => {
    const query = compiled(await filterConditions({ text: ' 123x ' }, fakeChecks()));
    expect(query.sql).toMatch(/reverse\("population"\."residents"\."id_number"\) like \$1 or reverse\("population"\."residents"\."phone"\) like \$2/);
    expect(query.params).toEqual(['X321%', 'X321%']);
  });

  test('anything else is a case-insensitive name search with LIKE wildcards escaped', async () => {
    const query = compiled(await filterConditions({ text: 'a_b%c\\' }, fakeChecks()));
    expect(query.sql).toMatch(/"name" ilike \$1/);
    expect(query.params).toEqual(['%a\\_b\\%c\\\\%']);
    expect(compiled(await filterConditions({ text: '12a' }, fakeChecks())).sql).toMatch(/ilike/);
    expect(compiled(await filterConditions({ text: 'X12' }, fakeChecks())).sql).toMatch(/ilike/);
  });

  test('a region is the range of community codes it prefixes (an index range, no LIKE)', async () => {
    const query = compiled(await filterConditions({ regionCode: '310118101' }, fakeChecks()));
    expect(query.sql).toBe('("population"."residencies"."community_code" >= $1 and "population"."residencies"."community_code" < $2)');
    expect(query.params).toEqual(['310118101', '310118101\u007f']);
  });

  test('tagsAll is one condition per distinct tag, tagsAny one for them all, only current taggings', async () => {
    const all = compiled(await filterConditions({ tagsAll: ['BEDRIDDEN', 'DIALYSIS', 'BEDRIDDEN'] }, fakeChecks()));
    expect(all.sql.match(/exists/g)).toHaveLength(2);
    expect(all.sql.match(/"untagged_at" is null/g)).toHaveLength(2);
    expect(all.params).toEqual(['BEDRIDDEN', 'DIALYSIS']);
    const any = compiled(await filterConditions({ tagsAny: ['BEDRIDDEN', 'DIALYSIS'] }, fakeChecks()));
    expect(any.sql.match(/exists/g)).toHaveLength(1);
    expect(any.params).toEqual(['BEDRIDDEN', 'DIALYSIS']);
    expect(compiled(await filterConditions({ tagsAny: [] }, fakeChecks())).sql).toBe('false');
  });
});
