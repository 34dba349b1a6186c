/**
 * The synthetic data set: seeds the 'test' size into in-memory PGlite and
 * checks what the rest of the platform relies on (the region tree, valid
 * identity numbers, one current residency, the age pyramid, timestamps not
 * after the anchor) and that the same anchor gives the same rows.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRow } from '../../seed/csv.js';
import { SEED_SIZES, seedDatabase, type SeedSummary } from '../../seed/index.js';
import { isMobilePhone, parseIdentityNumber } from '../../subgraphs/population/resident/identity.js';
import { queryRows, type Database } from '../../subgraphs/shared/db/database.js';
import { ANCHOR, expectSeedingAgainGivesTheSameRows, seeded } from '../support/seed-fixture.js';

/** One md5 per table over every column of every row, in a fixed order. */
async function fingerprint(database: Database): Promise<Record<string, string>> {
  const [row] = await queryRows<Record<string, string>>(
    database.db,
    sql`select
      (select md5(string_agg(t::text, '|' order by code)) from population.regions t) as regions,
      (select md5(string_agg(t::text, '|' order by id)) from population.households t) as households,
      (select md5(string_agg(t::text, '|' order by id)) from population.residents t) as residents,
      (select md5(string_agg(t::text, '|' order by id)) from population.residencies t) as residencies,
      (select md5(string_agg(t::text, '|' order by id)) from population.resident_tags t) as resident_tags,
      (select md5(string_agg(r.id_number || ':' || y.community_code, ',' order by y.id))
         from population.residents r join population.residencies y on y.resident_id = r.id) as people`,
  );
  return row!;
}

describe('seedDatabase: population (test size)', () => {
  let database: Database;
  let summary: SeedSummary;
  const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: string }>(database.db, query))[0]!.n);

  beforeAll(async () => {
    ({ database, summary } = await seeded());
  }, 60_000);
  afterAll(() => database?.close());

  it('builds the Qingpu region tree', async () => {
    const regions = await queryRows<{ code: string; name: string; level: string; parent_code: string | null }>(
      database.db,
      sql`select code, name, level, parent_code from population.regions`,
    );
    const byLevel = (level: string) => regions.filter((r) => r.level === level);
    expect(byLevel('DISTRICT')).toEqual([{ code: '310118', name: 'Qingpu District', level: 'DISTRICT', parent_code: null }]);
    const towns = byLevel('TOWN');
    expect(towns).toHaveLength(11);
    for (const town of towns) expect(town.code).toMatch(/^310118\d{3}$/);
    const communities = byLevel('COMMUNITY');
    expect(communities.length).toBeGreaterThanOrEqual(250);
    expect(communities.length).toBeLessThanOrEqual(350);
    for (const community of communities) {
      expect(community.code).toMatch(/^\d{12}$/);
      expect(community.code.startsWith(community.parent_code!)).toBe(true);
    }
    const zhaoxiang = towns.find((t) => t.name === 'Zhaoxiang Town')!;
    expect(communities.filter((c) => c.name === 'Xiangjia Residential Community').map((c) => c.parent_code)).toEqual([zhaoxiang.code]);
    expect(summary.regions).toBe(regions.length);
  });

  it('creates about 2,000 residents in households of 1–6, as the summary says', async () => {
    const residents = await count(sql`select count(*) as n from population.residents`);
    expect(Math.abs(residents - SEED_SIZES.test.residents)).toBeLessThanOrEqual(SEED_SIZES.test.residents * 0.1);
    expect(summary.residents).toBe(residents);
    expect(summary.households).toBe(await count(sql`select count(*) as n from population.households`));
    expect(summary.residencies).toBe(await count(sql`select count(*) as n from population.residencies`));
    expect(summary.residentTags).toBe(await count(sql`select count(*) as n from population.resident_tags`));
    expect(
      await count(sql`select count(*) as n from (
        select household_id from population.residencies where ended_at is null group by household_id having count(*) > 6) t`),
    ).toBe(0);
  });

  it('gives every resident a valid identity number matching their birth date and gender, and a mobile phone', async () => {
    const residents = await queryRows<{ id_number: string; birth_date: string; gender: string; phone: string }>(
      database.db,
      sql`select id_number, birth_date::text as birth_date, gender, phone from population.residents`,
    );
    for (const resident of residents) {
      const parsed = parseIdentityNumber(resident.id_number);
      expect(parsed, resident.id_number).toEqual({ ok: true, facts: { birthDate: resident.birth_date, gender: resident.gender } });
      expect(isMobilePhone(resident.phone), resident.phone).toBe(true);
    }
  });

  it('follows a suburban age pyramid', async () => {
    const [shares] = await queryRows<{ elderly: number; children: number }>(
      database.db,
      sql`select avg((birth_date <= date '1962-04-15')::int)::float8 as elderly,
                 avg((birth_date > date '2004-04-15')::int)::float8 as children
          from population.residents`,
    );
    expect(shares!.elderly).toBeGreaterThanOrEqual(0.2);
    expect(shares!.elderly).toBeLessThanOrEqual(0.3);
    expect(shares!.children).toBeGreaterThanOrEqual(0.1);
    expect(shares!.children).toBeLessThanOrEqual(0.18);
  });

  it('keeps residency periods consistent: at most one open, changes continue without a gap', async () => {
    expect(
      await count(sql`select count(*) as n from (
        select resident_id from population.residencies where ended_at is null group by resident_id having count(*) > 1) t`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from population.residents r
        where not exists (select 1 from population.residencies y where y.resident_id = r.id)`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from population.residencies a where a.end_reason = 'CHANGED' and not exists (
        select 1 from population.residencies b where b.resident_id = a.resident_id and b.started_at = a.ended_at)`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from population.residencies y join population.households h on h.id = y.household_id
        where h.community_code <> y.community_code or h.address <> y.address`),
    ).toBe(0);
    expect(await count(sql`select count(*) as n from population.residencies where end_reason = 'MOVED_OUT'`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from population.residencies where end_reason = 'CHANGED'`)).toBeGreaterThan(0);
  });

  it('dates nothing after the anchor', async () => {
    const anchor = ANCHOR.toISOString();
    expect(
      await count(sql`select
        (select count(*) from population.residents where created_at > ${anchor}::timestamptz) +
        (select count(*) from population.residencies where started_at > ${anchor}::timestamptz or ended_at > ${anchor}::timestamptz) +
        (select count(*) from population.resident_tags
          where tagged_at > ${anchor}::timestamptz or untagged_at > ${anchor}::timestamptz or untagged_at < tagged_at) as n`),
    ).toBe(0);
  });

  it('tags some residents, from the catalog, and ends some tags', async () => {
    const tags = await queryRows<{ tag_code: string; ended: string }>(
      database.db,
      sql`select tag_code, count(*) filter (where untagged_at is not null) as ended from population.resident_tags group by tag_code`,
    );
    expect(tags.map((t) => t.tag_code)).toEqual(expect.arrayContaining(['ELDERLY_LIVING_ALONE', 'DISABLED', 'KEY_INDUSTRY_WORKER']));
    expect(tags.reduce((sum, t) => sum + Number(t.ended), 0)).toBeGreaterThan(0);
  });

  it('moves identity sequences past the loaded ids', async () => {
    const [next] = await queryRows<{ resident: string; max: string }>(
      database.db,
      sql`select nextval(pg_get_serial_sequence('population.residents', 'id')) as resident, (select max(id) from population.residents) as max`,
    );
    expect(Number(next!.resident)).toBe(Number(next!.max) + 1);
  });

  it('refuses to seed a database that already has residents', async () => {
    await expect(seedDatabase(database, 'test', { anchor: ANCHOR })).rejects.toThrow(/already hold data/);
  });

  it('is deterministic: the same size and anchor give the same rows', async () => {
    await expectSeedingAgainGivesTheSameRows(database, fingerprint);
  }, 60_000);
});

describe('csvRow', () => {
  it('quotes what COPY could misread and writes null as an empty field', () => {
    expect(csvRow(['Building 1, Room 101', 'say "hi"', '', null, 7, '\\.', 'a\nb', 'plain'])).toBe(
      '"Building 1, Room 101","say ""hi""","",,7,"\\.","a\nb",plain\n',
    );
  });
});
