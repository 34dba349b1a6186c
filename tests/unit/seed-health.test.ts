/**
 * The health part of the synthetic data set: seeds the 'test' size into
 * in-memory PGlite and checks what the health features rely on: the
 * projection equals the population it mirrors, samples obey the tube and
 * result rules (pools share one result, nothing outside residency or after
 * the anchor, pending only in the last hours), compliance and vaccination
 * have a believable shape, venues and scans hang together, and the same
 * anchor gives the same rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase, type SeedSummary } from '../../seed/index.js';
import { parseIdentityNumber } from '../../subgraphs/population/resident/identity.js';
import { queryRows, type Database } from '../../subgraphs/shared/db/database.js';
import { ANCHOR, expectSeedingAgainGivesTheSameRows, seeded } from '../support/seed-fixture.js';

const A = sql`${ANCHOR.toISOString()}::timestamptz`;

/** One md5 per health table over every column of every row, in a fixed order. */
async function fingerprint(database: Database): Promise<Record<string, string>> {
  const [row] = await queryRows<Record<string, string>>(
    database.db,
    sql`select
      (select md5(string_agg(t::text, '|' order by resident_id)) from health.people t) as people,
      (select md5(string_agg(t::text, '|' order by id)) from health.residence_periods t) as residence_periods,
      (select md5(string_agg(t::text, '|' order by id)) from health.exemptions t) as exemptions,
      (select md5(string_agg(t::text, '|' order by barcode)) from health.samples t) as samples,
      (select md5(string_agg(t::text, '|' order by id)) from health.doses t) as doses,
      (select md5(string_agg(t::text, '|' order by id)) from health.home_observations t) as home_observations,
      (select md5(string_agg(t::text, '|' order by id)) from health.venues t) as venues,
      (select md5(string_agg(t::text, '|' order by id)) from health.scans t) as scans,
      (select md5(string_agg(t.payload::text, '|' order by id)) from health.outbox t) as outbox,
      (select md5(string_agg(t::text, '|' order by id)) from population.residents t) as residents`,
  );
  return row!;
}

describe('seedDatabase: health (test size)', () => {
  let database: Database;
  let summary: SeedSummary;
  const rows = <T>(query: SQL) => queryRows<T>(database.db, query);
  const count = async (query: SQL) => Number((await rows<{ n: string }>(query))[0]!.n);
  const number = async (query: SQL) => Number((await rows<{ x: number | string | null }>(query))[0]!.x);

  beforeAll(async () => {
    ({ database, summary } = await seeded());
  }, 60_000);
  afterAll(() => database?.close());

  it('projects the population exactly: same people, same residency periods, exemptions from the tag', async () => {
    const difference = (a: SQL, b: SQL) => count(sql`select count(*) as n from ((${a}) except all (${b})) t`);
    const people = sql`select resident_id, id_number, birth_date from health.people`;
    const residents = sql`select id, id_number, birth_date from population.residents`;
    expect(await difference(people, residents)).toBe(0);
    expect(await difference(residents, people)).toBe(0);

    const periods = sql`select id, resident_id, community_code, address, started_at, ended_at from health.residence_periods`;
    const residencies = sql`select id, resident_id, community_code, address, started_at, ended_at from population.residencies`;
    expect(await difference(periods, residencies)).toBe(0);
    expect(await difference(residencies, periods)).toBe(0);

    const exemptions = sql`select resident_id, starts_at, ends_at from health.exemptions
      where source = 'TAG' and reason = 'Tagged EXEMPT_FROM_TESTING' and recorded_by = 'population'`;
    const tags = sql`select resident_id, tagged_at, untagged_at from population.resident_tags where tag_code = 'EXEMPT_FROM_TESTING'`;
    expect(await difference(exemptions, tags)).toBe(0);
    expect(await difference(tags, exemptions)).toBe(0);
    expect(await count(sql`select count(*) as n from health.exemptions`)).toBe(summary.exemptions);
    expect(summary.exemptions).toBeGreaterThan(0);
    expect(summary.people).toBe(summary.residents);
    expect(summary.residencePeriods).toBe(summary.residencies);
  });

  it('samples about 8 times per resident over the month, every row in bounds', async () => {
    expect(summary.samples).toBe(await count(sql`select count(*) as n from health.samples`));
    expect(summary.samples / summary.residents).toBeGreaterThan(6);
    expect(summary.samples / summary.residents).toBeLessThan(11);
    const [bounds] = await rows<Record<string, number>>(sql`select
      count(*) filter (where barcode !~ '^S[0-9]{11}$' or (pool_barcode is not null and pool_barcode !~ '^P[0-9]{11}$'))::int as barcodes,
      count(*) filter (where sampled_at > ${A} or result_at > ${A} or received_at > ${A})::int as after_anchor,
      count(*) filter (where sampled_at < ${A} - interval '31 days')::int as before_month,
      count(*) filter (where result = 'PENDING' and sampled_at <= ${A} - interval '30 hours')::int as old_pending,
      count(*) filter (where result_at < sampled_at + interval '4 hours' or result_at > sampled_at + interval '30 hours')::int as result_delay,
      count(*) filter (where result = 'PENDING' and sampled_at > ${A} - interval '24 hours')::int as pending_last_day,
      count(*) filter (where sampled_at > ${A} - interval '24 hours')::int as last_day
      from health.samples`);
    expect(bounds).toMatchObject({ barcodes: 0, after_anchor: 0, before_month: 0, old_pending: 0, result_delay: 0 });
    // Part of the last day's samples still wait for their result, not all.
    expect(bounds!.pending_last_day).toBeGreaterThan(0);
    expect(bounds!.pending_last_day).toBeLessThan(bounds!.last_day!);
  });

  it('samples residents only while they live in the district, under their own identity number', async () => {
    expect(
      await count(sql`select count(*) as n from health.samples s where s.resident_id is not null and not exists (
        select 1 from health.residence_periods p
        where p.resident_id = s.resident_id and p.started_at <= s.sampled_at and (p.ended_at is null or s.sampled_at < p.ended_at))`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from health.samples s join health.people p on p.resident_id = s.resident_id where p.id_number <> s.id_number`),
    ).toBe(0);
    expect(await count(sql`select count(*) as n from health.samples s where s.resident_id is not null and not exists (
      select 1 from health.people p where p.resident_id = s.resident_id)`)).toBe(0);
  });

  it('keeps a few unmatched results: valid identity numbers of nobody', async () => {
    const unmatched = await rows<{ id_number: string }>(sql`select id_number from health.samples where resident_id is null`);
    expect(unmatched.length).toBeGreaterThan(0);
    expect(unmatched.length).toBeLessThan(summary.samples * 0.005);
    for (const { id_number } of unmatched) expect(parseIdentityNumber(id_number).ok, id_number).toBe(true);
    expect(
      await count(sql`select count(*) as n from health.samples s join health.people p on p.id_number = s.id_number where s.resident_id is null`),
    ).toBe(0);
  });

  it('pools 10 or 20 people per tube (fewer in a last partial tube), sharing one result, site and lab', async () => {
    const [pools] = await rows<Record<string, number>>(sql`select
      count(*) filter (where members < 2 or members > 20)::int as bad_size,
      count(*) filter (where results > 1 or result_ats > 1 or sites > 1 or labs > 1)::int as not_shared,
      count(*) filter (where span > interval '45 minutes')::int as spread,
      count(*) filter (where tube_types > 1)::int as mixed
      from (select pool_barcode, count(*) as members, count(distinct result) as results,
              count(distinct coalesce(result_at::text, '-')) as result_ats, count(distinct site) as sites, count(distinct lab) as labs,
              max(sampled_at) - min(sampled_at) as span, count(distinct tube_type) as tube_types
            from health.samples where pool_barcode is not null group by pool_barcode) t`);
    expect(pools).toMatchObject({ bad_size: 0, not_shared: 0, spread: 0, mixed: 0 });
    expect(await count(sql`select count(*) as n from health.samples where (tube_type = 'POOLED') <> (pool_barcode is not null)`)).toBe(0);
    // Tubes fill in the order people queue: in a session (a sampling point's morning or evening) every
    // pool but the last is full, 10 or 20 (a session uses one tube size: above 10 means 20-in-1).
    const sessions = await rows<{ sizes: number[] }>(sql`select array_agg(members order by members desc) as sizes
      from (select site, lab, (min(sampled_at) at time zone 'Asia/Shanghai')::date as day,
                   extract(hour from min(sampled_at) at time zone 'Asia/Shanghai') >= 14 as evening, count(*)::int as members
            from health.samples where pool_barcode is not null group by pool_barcode, site, lab) t
      group by site, lab, day, evening`);
    expect(sessions.length).toBeGreaterThan(0);
    for (const { sizes } of sessions) {
      const full = sizes[0]! > 10 ? 20 : 10;
      expect(sizes.filter((size) => size !== full).length, JSON.stringify(sizes)).toBeLessThanOrEqual(1);
    }
    const pooled = await number(sql`select avg((tube_type = 'POOLED')::int)::float8 as x from health.samples`);
    expect(pooled).toBeGreaterThan(0.3); // ~70% in a full-size district; small test communities leave more people alone in a tube
    expect(pooled).toBeLessThan(0.85);
  });

  it('has mostly negative results, a few invalid, and positive pools whose members are retested individually', async () => {
    const results = Object.fromEntries(
      (await rows<{ result: string; n: string }>(sql`select result, count(*) as n from health.samples group by result`)).map((r) => [r.result, Number(r.n)]),
    );
    expect(results.NEGATIVE! / summary.samples).toBeGreaterThan(0.9);
    expect(results.INVALID).toBeGreaterThan(0);
    expect(results.POSITIVE).toBeGreaterThan(0);
    expect(results.POSITIVE).toBeLessThan(summary.samples * 0.01);
    const retests = await rows<{ result: string; n: string }>(sql`select r.result, count(*) as n
      from health.samples p join health.samples r on r.resident_id = p.resident_id and r.tube_type = 'SINGLE' and r.sampled_at > p.result_at
      where p.tube_type = 'POOLED' and p.result = 'POSITIVE'
        and r.sampled_at = (select min(x.sampled_at) from health.samples x
                            where x.resident_id = p.resident_id and x.tube_type = 'SINGLE' and x.sampled_at > p.result_at)
      group by r.result`);
    expect(retests.map((r) => r.result)).toContain('POSITIVE');
    expect(retests.length).toBeGreaterThan(0);
  });

  it('announces every individual positive of a resident on the health outbox, as ingestion would', async () => {
    const events = await rows<{ payload: { barcode: string; residentId: string; sampledAt: string; resultAt: string } }>(
      sql`select payload from health.outbox where topic = 'sample.individual-positive' order by id`,
    );
    const positives = await rows<{ barcode: string; resident_id: string; sampled_at: string; result_at: string }>(
      sql`select barcode, resident_id::text, sampled_at::text, result_at::text from health.samples
        where tube_type = 'SINGLE' and result = 'POSITIVE' and resident_id is not null order by result_at, barcode`,
    );
    expect(positives.length).toBeGreaterThan(0);
    expect(events.map((e) => e.payload)).toEqual(
      positives.map((p) => ({
        barcode: p.barcode,
        residentId: p.resident_id,
        sampledAt: new Date(p.sampled_at).toISOString(),
        resultAt: new Date(p.result_at).toISOString(),
      })),
    );
  });

  it('has a believable compliance shape: most sampled within 72 h, a stubborn few never, the exempt rarely', async () => {
    const [shape] = await rows<{ within72h: number; never: number }>(sql`
      with current as (select resident_id from health.residence_periods where ended_at is null and started_at <= ${A} - interval '30 days')
      select
        avg((exists (select 1 from health.samples s where s.resident_id = c.resident_id
                     and s.sampled_at > ${A} - interval '72 hours' and s.sampled_at <= ${A}))::int)::float8 as within72h,
        avg((not exists (select 1 from health.samples s where s.resident_id = c.resident_id))::int)::float8 as never
      from current c`);
    expect(shape!.within72h).toBeGreaterThanOrEqual(0.6);
    expect(shape!.within72h).toBeLessThanOrEqual(0.95);
    expect(shape!.never).toBeGreaterThan(0.005);
    expect(shape!.never).toBeLessThan(0.1);
    const exemptSamples = await number(sql`select avg(n)::float8 as x from (
      select (select count(*) from health.samples s where s.resident_id = e.resident_id) as n
      from health.exemptions e where e.starts_at <= ${A} - interval '30 days' and e.ends_at is null) t`);
    expect(exemptSamples).toBeLessThan(3); // against ~8 for everyone
  });

  it('records doses in order: numbers 1..n, later each time, after birth, before the anchor', async () => {
    expect(summary.doses).toBe(await count(sql`select count(*) as n from health.doses`));
    expect(summary.doses / summary.residents).toBeGreaterThan(1.8);
    expect(summary.doses / summary.residents).toBeLessThan(3);
    expect(
      await count(sql`select count(*) as n from (
        select resident_id from health.doses group by resident_id having min(dose_number) <> 1 or max(dose_number) <> count(*)) t`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from health.doses a join health.doses b on b.resident_id = a.resident_id and b.dose_number = a.dose_number + 1
        where b.administered_at <= a.administered_at`),
    ).toBe(0);
    expect(
      await count(sql`select count(*) as n from health.doses d join health.people p on p.resident_id = d.resident_id
        where d.administered_at < p.birth_date::timestamptz or d.administered_at > ${A} or d.recorded_by <> 'seed' or d.site = '' or d.batch = ''`),
    ).toBe(0);
    const products = (await rows<{ product: string }>(sql`select distinct product from health.doses`)).map((r) => r.product);
    expect(products.sort()).toEqual(['CANSINO_AD5', 'SINOPHARM_BIBP', 'SINOVAC_CORONAVAC', 'ZF2001']);
  });

  it('leaves the very old least vaccinated and the youngest not at all', async () => {
    const unvaccinated = async (from: number, to: number) =>
      number(sql`select avg((not exists (select 1 from health.doses d where d.resident_id = p.resident_id))::int)::float8 as x
        from health.people p
        where p.birth_date > (${A} - make_interval(years => ${to}))::date and p.birth_date <= (${A} - make_interval(years => ${from}))::date`);
    const over80 = await unvaccinated(80, 200);
    expect(over80).toBeGreaterThanOrEqual(0.3);
    expect(over80).toBeLessThanOrEqual(0.5);
    const sixties = await unvaccinated(60, 80);
    expect(sixties).toBeLessThan(over80);
    expect(await unvaccinated(18, 60)).toBeLessThan(0.15);
    expect(await unvaccinated(3, 18)).toBeLessThan(0.15);
    expect(await unvaccinated(0, 3)).toBe(1);
    const boosted = await number(sql`select avg((n > 2)::int)::float8 as x from (select count(*) as n from health.doses group by resident_id) t`);
    expect(boosted).toBeGreaterThan(0.2);
  });

  it('keeps home observations of 7 days, some active at the anchor, each with a unique seed source', async () => {
    const observations = await rows<{ started_at: string; planned_end_at: string; ended_at: string | null; source: string; resident_id: string }>(
      sql`select started_at::text, planned_end_at::text, ended_at::text, source, resident_id::text from health.home_observations`,
    );
    expect(observations.length).toBe(summary.homeObservations);
    expect(observations.length).toBeGreaterThan(0);
    expect(new Set(observations.map((o) => o.source)).size).toBe(observations.length);
    expect(
      await count(sql`select count(*) as n from health.home_observations
        where planned_end_at <> started_at + interval '7 days' or started_at > ${A} or ended_at > ${A} or ended_at < started_at
          or source !~ '^seed:[0-9]+$' or reason = ''`),
    ).toBe(0);
  });

  it('gives every community venues with unique codes, and scans over the last 14 days', async () => {
    expect(await count(sql`select count(*) as n from health.venues where code !~ '^V[0-9]{12}-[0-9]{2}$'`)).toBe(0);
    expect(await count(sql`select count(distinct code) as n from health.venues`)).toBe(summary.venues);
    expect(
      await count(sql`select count(*) as n from population.regions r where r.level = 'COMMUNITY'
        and not exists (select 1 from health.venues v where v.community_code = r.code)`),
    ).toBe(0);
    expect(summary.scans / summary.residents).toBeGreaterThan(2);
    expect(
      await count(sql`select count(*) as n from health.scans s where s.scanned_at > ${A} or s.scanned_at < ${A} - interval '14 days'
        or not exists (select 1 from health.residence_periods p where p.resident_id = s.resident_id
                       and p.started_at <= s.scanned_at and (p.ended_at is null or s.scanned_at < p.ended_at))`),
    ).toBe(0);
    const green = await number(sql`select avg((color_shown = 'GREEN')::int)::float8 as x from health.scans`);
    expect(green).toBeGreaterThan(0.8);
    expect(green).toBeLessThan(1);
  });

  it('shows the colour the testing implies: yellow for the never-tested, green after a recent negative', async () => {
    const [never] = await rows<{ yellow: string; total: string }>(sql`select
        count(*) filter (where s.color_shown = 'YELLOW') as yellow, count(*) as total
      from health.scans s
      where not exists (select 1 from health.samples x where x.resident_id = s.resident_id)
        and not exists (select 1 from health.exemptions e where e.resident_id = s.resident_id)`);
    expect(Number(never!.total)).toBeGreaterThan(0);
    expect(never!.yellow).toBe(never!.total);
    // Red only for someone whose pool came back positive.
    expect(
      await count(sql`select count(*) as n from health.scans s where s.color_shown = 'RED' and not exists (
        select 1 from health.samples x where x.resident_id = s.resident_id and x.tube_type = 'POOLED' and x.result = 'POSITIVE'
          and x.result_at <= s.scanned_at)`),
    ).toBe(0);
  });

  it('includes genuine venue exposures: a scan within 30 minutes of someone sampled positive within 3 days after', async () => {
    expect(
      await count(sql`select count(distinct a.resident_id) as n
        from health.scans a
        join health.scans b on b.venue_id = a.venue_id and b.resident_id <> a.resident_id
          and b.scanned_at between a.scanned_at - interval '30 minutes' and a.scanned_at + interval '30 minutes'
        join health.samples p on p.resident_id = b.resident_id and p.result = 'POSITIVE'
          and p.sampled_at > b.scanned_at and p.sampled_at <= b.scanned_at + interval '3 days'`),
    ).toBeGreaterThan(0);
  });

  it('moves every identity sequence past the loaded ids', async () => {
    for (const table of ['residence_periods', 'exemptions', 'doses', 'home_observations', 'venues', 'scans']) {
      const [next] = await rows<{ next: string; max: string }>(
        sql.raw(`select nextval(pg_get_serial_sequence('health.${table}', 'id')) as next, (select max(id) from health.${table}) as max`),
      );
      expect(Number(next!.next), table).toBe(Number(next!.max) + 1);
    }
  });

  it('is deterministic: the same size and anchor give the same rows', async () => {
    await expectSeedingAgainGivesTheSameRows(database, fingerprint);
  }, 60_000);

  // Last: it empties the population tables of this file's database.
  it('refuses to seed over existing data, health data alone included', async () => {
    await expect(seedDatabase(database, 'test', { anchor: ANCHOR })).rejects.toThrow(/population tables already hold data/);
    await database.db.execute(
      sql`truncate population.households, population.residents, population.residencies, population.resident_tags, population.regions cascade`,
    );
    await expect(seedDatabase(database, 'test', { anchor: ANCHOR })).rejects.toThrow(/health tables already hold data/);
  });
});
