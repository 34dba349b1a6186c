/**
 * The brute force's SQL, written straight from domain.md ("Positive cases",
 * "Time", "The 39 indexes" and the rules they rest on), deliberately
 * independent of the product: no query helper, rule module, projection or
 * cached status column of the product is read; every status at T is
 * re-derived from the facts and timelines of the subgraph that owns them.
 *
 * Each subgraph's statement yields MEMBER ROWS (key, counted_id,
 * community_code): "the index `key` counts `counted_id` in this community at
 * T". An index of a region is the number of distinct counted_ids of its key
 * over the region's communities; the residents behind it (drill-down) are
 * those same rows. Keys are the drill-down enum values (RESIDENTS, WITHIN_24H,
 * …) for indexes that count residents; lower-case keys count other things
 * (households, permits, enterprises) or feed the rates and the report.
 *
 * Instants are literals the checker builds itself (ISO strings and integers
 * only), so the SQL reads exactly as it runs. Where domain.md leaves a choice
 * open, the product's documented choice is taken and marked "Documented
 * choice".
 */
export interface SqlOptions {
  /** The instant T. */
  asOf: Date;
  /** Health code NO_RECENT_TEST interval in hours (configuration, domain default 168). */
  testIntervalHours: number;
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar day of T in Asia/Shanghai: its date and the instant it started. */
export function shanghaiDay(at: Date): { date: string; start: Date } {
  const date = new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return { date, start: new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS) };
}

const ts = (at: Date) => `timestamptz '${at.toISOString()}'`;

/**
 * Deaths and who lives where at T (shared by population, health, permits and
 * the close contacts). "Residents" = registered at or before T and not moved
 * out at T: the residency period holding at T (one that ended exactly at T no
 * longer holds). A case that ends DECEASED ends residency at the instant the
 * death was recorded on the case's timeline: read from the cases' own
 * timeline, not from population's move-out, so a product that forgets to
 * end the residency shows up.
 */
function livingCtes(o: SqlOptions): string {
  const T = ts(o.asOf);
  return `deaths as (
    select c.resident_id, min(e.at) as died_at
      from cases.positive_cases c join cases.case_events e on e.case_id = c.id
     where e.status = 'DECEASED'
     group by c.resident_id
  ),
  living as (
    select p.resident_id, p.community_code, p.household_id, p.residency_type, r.birth_date,
           extract(year from age(date '${shanghaiDay(o.asOf).date}', r.birth_date))::int as age
      from population.residencies p
      join population.residents r on r.id = p.resident_id
     where p.started_at <= ${T} and (p.ended_at is null or p.ended_at > ${T})
       and not exists (select 1 from deaths d where d.resident_id = p.resident_id and d.died_at <= ${T})
  )`;
}

/**
 * Each case at T, if recorded by T: status and facility from the timeline
 * (the latest event recorded at or before T), whether it was discharged by T.
 * A case report back-dated by its command holds from when it was recorded.
 */
function caseAtCte(o: SqlOptions): string {
  const T = ts(o.asOf);
  return `case_at as (
    select c.id, c.resident_id, c.community_code, c.reported, l.status, f.type as facility_type,
      exists (select 1 from cases.case_events d where d.case_id = c.id and d.status = 'DISCHARGED' and d.at <= ${T}) as discharged
    from (select c.*, c.reported_at as reported from cases.positive_cases c) c
    left join lateral (select e.status, e.facility_id from cases.case_events e where e.case_id = c.id and e.at <= ${T}
                        order by e.at desc, e.id desc limit 1) l on true
    left join cases.facilities f on f.id = l.facility_id
    where c.reported <= ${T}
  )`;
}

/**
 * Close contacts in quarantine at T: the quarantine holds from when it was
 * recorded (the CONTACT_ADDED event on the case's timeline, or a later
 * quarantine start) until its planned end or the recorded release or
 * conversion (CONTACT_RELEASED / CONTACT_CONVERTED), whichever comes first.
 */
function quarantinedCte(o: SqlOptions): string {
  const T = ts(o.asOf);
  return `contact_events as (
    select (e.data->>'contactId')::bigint as contact_id,
           min(e.at) filter (where e.type = 'CONTACT_ADDED') as added,
           min(e.at) filter (where e.type in ('CONTACT_RELEASED', 'CONTACT_CONVERTED')) as ended
      from cases.case_events e
     where e.type in ('CONTACT_ADDED', 'CONTACT_RELEASED', 'CONTACT_CONVERTED')
     group by 1
  ),
  quarantined as (
    select distinct k.resident_id
      from cases.close_contacts k left join contact_events x on x.contact_id = k.id
     where greatest(k.quarantine_starts_at, x.added) <= ${T}
       and k.quarantine_ends_at > ${T} and (x.ended is null or x.ended > ${T})
  )`;
}

/** Population (9): residents, households, by residency type, by age, special care. */
export function populationMembersSql(o: SqlOptions): string {
  const T = ts(o.asOf);
  return `with ${livingCtes(o)},
  facts as (
    select l.*, exists (
      select 1 from population.resident_tags rt join population.tags g on g.code = rt.tag_code
       where rt.resident_id = l.resident_id and g.category = 'SPECIAL_CARE'
         and rt.tagged_at <= ${T} and (rt.untagged_at is null or rt.untagged_at > ${T})) as special_care
    from living l
  )
  select v.key, v.counted_id, f.community_code
  from facts f cross join lateral (values
    ('RESIDENTS', f.resident_id, true),
    ('households', f.household_id, true),
    ('REGISTERED', f.resident_id, f.residency_type = 'REGISTERED'),
    ('FLOATING', f.resident_id, f.residency_type = 'FLOATING'),
    ('OVERSEAS', f.resident_id, f.residency_type = 'OVERSEAS'),
    -- Age: whole years on T's calendar day in Asia/Shanghai (schema: PopulationIndexes.children).
    ('CHILDREN', f.resident_id, f.age < 18),
    ('ELDERLY_60_PLUS', f.resident_id, f.age >= 60),
    ('ELDERLY_80_PLUS', f.resident_id, f.age >= 80),
    ('SPECIAL_CARE', f.resident_id, f.special_care)
  ) v(key, counted_id, holds)
  where v.holds`;
}

/** Health (21) over the residents at T, one row of facts per resident, then its member rows. */
export function healthMembersSql(o: SqlOptions): string {
  const T = ts(o.asOf);
  const dayStart = ts(shanghaiDay(o.asOf).start);
  const hours = (n: number) => `${T} - interval '${n} hours'`;
  const sampledWithin = (n: number) =>
    `exists (select 1 from health.samples s where s.resident_id = l.resident_id and s.sampled_at > ${hours(n)} and s.sampled_at <= ${T})`;
  return `with ${livingCtes(o)}, ${caseAtCte(o)}, ${quarantinedCte(o)},
  facts as (
    select l.resident_id, l.community_code, l.age,
      -- A sample counts from its sampling instant (a lab fact: it may be recorded later); resident_id is null for an
      -- unmatched lab row (nobody's sample yet).
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at >= ${dayStart} and s.sampled_at <= ${T}) as sampled_today,
      ${sampledWithin(24)} as within24,
      ${sampledWithin(48)} as within48,
      ${sampledWithin(72)} as within72,
      -- NO_RECENT_TEST: no sample in (T - interval, T] (turnsYellowAt = last sampling + interval is already YELLOW).
      ${sampledWithin(o.testIntervalHours)} as within_interval,
      -- Exempt at T: the EXEMPT_FROM_TESTING tag (population's tagging history), or an exemption recorded in health,
      -- each from when it was recorded until it ended.
      (exists (select 1 from population.resident_tags rt where rt.resident_id = l.resident_id and rt.tag_code = 'EXEMPT_FROM_TESTING'
                and rt.tagged_at <= ${T} and (rt.untagged_at is null or rt.untagged_at > ${T}))
       or exists (select 1 from health.exemptions e where e.resident_id = l.resident_id and e.source = 'RECORD'
                   and e.starts_at <= ${T} and (e.ends_at is null or e.ends_at > ${T}))) as exempt,
      -- The latest sampling instant <= T has a sample with no result at T (result-at decides: PENDING before it);
      -- when several samples share that instant, one without a result is enough.
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at = (select max(s2.sampled_at) from health.samples s2
                                    where s2.resident_id = l.resident_id and s2.sampled_at <= ${T})
               and (s.result_at is null or s.result_at > ${T})) as pending,
      -- An individual (SINGLE) POSITIVE result whose result-at is on T's day, at or before T.
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.tube_type = 'SINGLE' and s.result = 'POSITIVE'
               and s.result_at >= ${dayStart} and s.result_at <= ${T}) as positive_today,
      -- Pool-positive pending retest at T: a POOLED sample of the resident (a member's row carries the tube's result)
      -- POSITIVE with result-at <= T, and no SINGLE sample taken after the pool's sampling with a final result by T.
      -- Documented choice (schema TestResult.INVALID "sample again"): final = NEGATIVE or POSITIVE.
      exists (select 1 from health.samples p where p.resident_id = l.resident_id
               and p.tube_type = 'POOLED' and p.result = 'POSITIVE' and p.result_at <= ${T}
               and not exists (select 1 from health.samples q where q.resident_id = l.resident_id
                                and q.tube_type = 'SINGLE' and q.sampled_at > p.sampled_at
                                and q.result in ('NEGATIVE', 'POSITIVE') and q.result_at <= ${T})) as pool_pending,
      -- RED reasons, from the cases' own tables: an active case (REPORTED or TRANSFERRED at T), a quarantine at T.
      exists (select 1 from case_at c where c.resident_id = l.resident_id and c.status in ('REPORTED', 'TRANSFERRED')) as active_case,
      exists (select 1 from quarantined k where k.resident_id = l.resident_id) as quarantined,
      -- HOME_OBSERVATION active at T: recorded start <= T, not ended by T, planned end not reached (README: it ends by
      -- itself at its planned end).
      exists (select 1 from health.home_observations h where h.resident_id = l.resident_id
               and h.started_at <= ${T}
               and (h.ended_at is null or h.ended_at > ${T}) and h.planned_end_at > ${T}) as observed,
      -- VENUE_EXPOSURE: the resident's scan a in (T - 7 days, T]; a scan b of the same venue by another person within
      -- 30 minutes of a (either side, edges included); that person's SINGLE POSITIVE sample, result-at <= T, taken
      -- within 3 days after b; and no sample of the resident taken after a (by T).
      exists (select 1
                from health.scans a
                join health.scans b on b.venue_id = a.venue_id and b.resident_id <> a.resident_id
                                   and b.scanned_at >= a.scanned_at - interval '30 minutes'
                                   and b.scanned_at <= a.scanned_at + interval '30 minutes'
                join health.samples x on x.resident_id = b.resident_id and x.tube_type = 'SINGLE'
                                     and x.result = 'POSITIVE' and x.result_at <= ${T}
                                     and x.sampled_at >= b.scanned_at and x.sampled_at <= b.scanned_at + interval '3 days'
               where a.resident_id = l.resident_id
                 and a.scanned_at > ${T} - interval '7 days' and a.scanned_at <= ${T}
                 and not exists (select 1 from health.samples s where s.resident_id = l.resident_id
                                  and s.sampled_at > a.scanned_at and s.sampled_at <= ${T})) as venue_exposed,
      -- Documented choice: abnormalScans24h = residents living in the region at T with a non-GREEN scan in
      -- (T - 24 h, T], wherever the venue is.
      exists (select 1 from health.scans a where a.resident_id = l.resident_id and a.color_shown <> 'GREEN'
               and a.scanned_at > ${hours(24)} and a.scanned_at <= ${T}) as abnormal_scan,
      -- Doses given by T (a dose may be recorded later); the primary series is set by dose 1's product (README).
      (select count(*) from health.doses d where d.resident_id = l.resident_id and d.administered_at <= ${T})::int as doses,
      (select case d.product when 'SINOPHARM_BIBP' then 2 when 'SINOVAC_CORONAVAC' then 2
                             when 'CANSINO_AD5' then 1 when 'ZF2001' then 3 end
         from health.doses d where d.resident_id = l.resident_id and d.administered_at <= ${T}
        order by d.dose_number, d.administered_at limit 1) as series
    from living l
  ),
  coded as (
    select f.*,
      (f.active_case or f.pool_pending or f.quarantined) as red,
      ((not f.exempt and not f.within_interval) or f.observed or f.venue_exposed) as yellow_reason,
      (f.doses >= 1 and f.doses >= f.series) as fully,
      (f.doses >= 1 and f.doses > f.series) as boosted
    from facts f
  )
  select v.key, c.resident_id as counted_id, c.community_code
  from coded c cross join lateral (values
    ('residents', true),
    ('SAMPLED_TODAY', c.sampled_today),
    ('WITHIN_24H', c.within24),
    ('WITHIN_48H', c.within48),
    ('WITHIN_72H', c.within72),
    ('UNTESTED_72H', not c.exempt and not c.within72),
    ('nonexempt_within72', not c.exempt and c.within72),
    ('nonexempt', not c.exempt),
    ('PENDING_RESULTS', c.pending),
    ('POSITIVE_TODAY', c.positive_today),
    ('POOL_POSITIVE_PENDING_RETEST', c.pool_pending),
    ('EXEMPT', c.exempt),
    ('FIRST_DOSE', c.doses >= 1),
    ('FULLY_VACCINATED', c.fully),
    ('BOOSTED', c.boosted),
    ('elderly60', c.age >= 60),
    ('elderly60_fully', c.age >= 60 and c.fully),
    ('ELDERLY_80_PLUS_UNVACCINATED', c.age >= 80 and c.doses = 0),
    ('GREEN', not c.red and not c.yellow_reason),
    ('YELLOW', not c.red and c.yellow_reason),
    ('RED', c.red),
    ('HOME_OBSERVATION_ACTIVE', c.observed),
    ('ABNORMAL_SCANS_24H', c.abnormal_scan),
    ('reason_active_case', c.active_case),
    ('reason_close_contact', c.quarantined),
    ('reason_no_recent_test', not c.exempt and not c.within_interval),
    ('reason_venue_exposure', c.venue_exposed)
  ) v(key, holds)
  where v.holds`;
}

/**
 * Permits (4), counted in the enterprise's region. Statuses at T from the
 * histories (the latest change recorded at or before T; the cached status
 * columns are not read). Documented choice (README, permits/db.ts): EXPIRED is
 * implicit, an APPROVED permit past valid_to, which "active" excludes by
 * valid_from <= T < valid_to. A permit counts only while its holder is a
 * resident at T (a death or move-out ends it: domain.md, "Positive cases"),
 * and `active` only while its enterprise is APPROVED_TO_RESUME at T.
 * `pending` and `active` count permits, `resumedWorkers` distinct holders.
 */
export function permitsMembersSql(o: SqlOptions): string {
  const T = ts(o.asOf);
  return `with ${livingCtes(o)},
  enterprise_at as (
    select en.id, en.community_code,
      (select c.status from permits.enterprise_status_changes c where c.enterprise_id = en.id and c.at <= ${T}
        order by c.at desc, c.id desc limit 1) as status
    from permits.enterprises en
  ),
  permit_at as (
    select w.id, w.resident_id, en.community_code,
      (select e.to_status from permits.permit_events e where e.permit_id = w.id and e.at <= ${T}
        order by e.at desc, e.id desc limit 1) as status,
      w.valid_from <= ${T} and w.valid_to > ${T} as in_validity,
      en.status = 'APPROVED_TO_RESUME' as enterprise_resumed,
      exists (select 1 from living l where l.resident_id = w.resident_id) as holder_resident
    from permits.work_permits w join enterprise_at en on en.id = w.enterprise_id
  ),
  flagged as (
    select p.*, (p.status = 'APPROVED' and p.in_validity and p.enterprise_resumed and p.holder_resident) as active from permit_at p
  )
  select v.key, v.counted_id, f.community_code
  from flagged f cross join lateral (values
    ('pending_permits', f.id, f.status = 'PENDING' and f.holder_resident),
    ('active_permits', f.id, f.active),
    ('RESUMED_WORKERS', f.resident_id, f.active)
  ) v(key, counted_id, holds)
  where v.holds
  union all
  select 'enterprises_resumed', e.id, e.community_code from enterprise_at e where e.status = 'APPROVED_TO_RESUME'`;
}

/**
 * Cases (5). A case counts in its community at report; a close contact in
 * quarantine counts in the community where the contact lives at T (a contact
 * who lives nowhere in the district at T counts nowhere). Distinct residents.
 */
export function casesMembersSql(o: SqlOptions): string {
  const dayStart = ts(shanghaiDay(o.asOf).start);
  return `with ${livingCtes(o)}, ${caseAtCte(o)}, ${quarantinedCte(o)}
  select v.key, c.resident_id as counted_id, c.community_code
  from case_at c cross join lateral (values
    ('NEW_TODAY', c.reported >= ${dayStart}),
    ('ACTIVE', c.status in ('REPORTED', 'TRANSFERRED')),
    ('IN_FACILITY', c.status = 'TRANSFERRED' and c.facility_type in ('MAKESHIFT_HOSPITAL', 'DESIGNATED_HOSPITAL')),
    ('DISCHARGED', c.discharged)
  ) v(key, holds)
  where v.holds
  union all
  select 'CLOSE_CONTACTS_IN_QUARANTINE', l.resident_id, l.community_code
  from quarantined k join living l on l.resident_id = k.resident_id`;
}
