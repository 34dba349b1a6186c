/**
 * The health subgraph's synthetic data, derived community by community from
 * the generated population, so it streams like the population does: a month
 * of nucleic-acid sampling before the anchor (routine rounds at each
 * community's sampling point, 10-in-1 and 20-in-1 pooled tubes, a few
 * outbreaks whose positive pools are retested individually), vaccine doses,
 * home health observations and venue-code scans, plus health's projection of
 * the population facts (people, residence periods, testing exemptions) that
 * events would normally build.
 *
 * Everything is drawn from generators seeded by the data-set name and the
 * community (one per kind of fact, so doses do not shift when sampling
 * changes) and dated relative to the anchor: the same size and anchor always
 * give the same rows. Nothing is dated after the anchor; residents are sampled
 * and scan only while they live in the district.
 */
import type { DoseRow, HomeObservationRow, SampleRow, ScanRow, exemptions, people, residencePeriods } from '../subgraphs/health/db.js';
import { withCheckCharacter } from '../subgraphs/population/resident/identity.js';
import type { CommunityPopulation } from './population.js';
import { Random } from './random.js';
import type { Community, Region } from './regions.js';
import type { VenueDirectory } from './venues.js';

export type PersonRow = typeof people.$inferSelect;
export type ResidencePeriodRow = typeof residencePeriods.$inferSelect;
export type ExemptionRow = typeof exemptions.$inferSelect;

export interface HealthPlan {
  /** The data-set name: seeds the generators like the population's. */
  name: string;
  /** Residents planned in all: scales the few facts that must exist even in a small data set. */
  residents: number;
  anchor: Date;
  regions: readonly Region[];
  communities: readonly Community[];
  venues: VenueDirectory;
}

/** The health rows of one community's residents, each table in id (or generation) order. */
export interface CommunityHealth {
  people: PersonRow[];
  residencePeriods: ResidencePeriodRow[];
  exemptions: ExemptionRow[];
  samples: SampleRow[];
  doses: DoseRow[];
  homeObservations: HomeObservationRow[];
  scans: ScanRow[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Asia/Shanghai has had no daylight saving since 1991: calendar days are UTC+8. */
const SHANGHAI_OFFSET = 8 * HOUR;

export const EXEMPTION_TAG = 'EXEMPT_FROM_TESTING';

// ── Sampling ──
const SAMPLING_DAYS = 30;
/** Share of routine samples taken into pooled tubes (the rest are single tubes). */
const POOLED_SHARE = 0.72;
const EVENING_SHARE = 0.3;
/** Share of a community's residents sampled on a day, roughly (every 2–3 days for most). */
const DAILY_ATTENDANCE = 0.33;
const SECONDS_PER_PERSON = 20;
const MIN_SESSION = 20 * MINUTE;
const MAX_SESSION = 150 * MINUTE;
/** A tube is closed when full or this long after its first member (the queue thinned out). */
const POOL_SPAN = 45 * MINUTE;
const RESULT_DELAY_MIN = 4 * HOUR;
const RESULT_DELAY_MAX = 30 * HOUR;
/** Routine sampling ends this long before the anchor, so no derived instant (retest, second visitor) passes it. */
const LAST_SAMPLING_MARGIN = 35 * MINUTE;
/** Routine samples keep this far from the ends of a residency period. */
const PERIOD_MARGIN = HOUR;
const INVALID_SHARE = 0.001;
const UNMATCHED_SHARE = 0.001;
/** Chance that a routine round falls inside an exemption and still happens (sampled at home on request). */
const EXEMPT_SAMPLED = 0.1;
const LABS = ['Qingpu Central Lab', 'Dian Lab', 'KingMed Lab', 'BGI Qingpu Lab', 'Adicon Lab', 'Qingpu District Hospital Lab'];
/** Area codes population.ts never draws: identity numbers of visitors who are nobody's resident (unmatched results). */
const VISITOR_AREAS = ['440106', '350102', '210102', '130102', '370102', '120101'];

// ── Outbreaks: where the positive samples come from ──
/** One outbreak per this many planned residents, at least MIN_OUTBREAKS. */
const RESIDENTS_PER_OUTBREAK = 40_000;
const MIN_OUTBREAKS = 4;
/** Share of an outbreak community's residents infected (at least MIN_INFECTED). */
const INFECTED_SHARE = 0.0015;
const MIN_INFECTED = 2;

// ── Vaccination ──
type Product = DoseRow['product'];
const PRIMARY_SERIES: Readonly<Record<Product, number>> = { SINOPHARM_BIBP: 2, SINOVAC_CORONAVAC: 2, CANSINO_AD5: 1, ZF2001: 3 };
const PRODUCTS: readonly Product[] = ['SINOPHARM_BIBP', 'SINOVAC_CORONAVAC', 'CANSINO_AD5', 'ZF2001'];
const ADULT_PRODUCT_WEIGHTS = [50, 38, 6, 6];
/** Children were given the inactivated vaccines only. */
const CHILD_PRODUCT_WEIGHTS = [55, 45, 0, 0];
const BATCH_PREFIX: Readonly<Record<Product, string>> = { SINOPHARM_BIBP: 'BJ', SINOVAC_CORONAVAC: 'K', CANSINO_AD5: 'NCOV', ZF2001: 'ZF' };
/** The mass campaign started this long before the anchor (January 2021 for an April 2022 anchor). */
const CAMPAIGN_LEAD = 465 * DAY;

// ── Observation and scans ──
const OBSERVATION_DAYS = 7;
/** Home observations per resident, but at least MIN_OBSERVATIONS in a data set (a few hundred in the district). */
const OBSERVATION_SHARE = 0.0003;
const MIN_OBSERVATIONS = 10;
const OBSERVATION_REASONS = [
  'Returned from a medium-risk area in another province.',
  'Released from centralized quarantine.',
  'Household member of a close contact.',
  'Visited a venue at the same time as a positive case.',
  'Returned from abroad after hotel quarantine.',
];
const SCAN_DAYS = 14;
/** Scans go to a venue of the resident's own community, else to one elsewhere in the town. */
const OWN_COMMUNITY_SCANS = 0.85;

type Color = ScanRow['colorShown'];

interface Interval {
  start: number;
  end: number;
}

interface Period extends Interval {
  communityCode: string;
  /** Index of the community in the plan: its sampling point. */
  site: number;
}

interface Person {
  id: number;
  idNumber: string;
  birthDate: string;
  /** Age in completed years at the anchor. */
  age: number;
  periods: Period[];
  exemptions: Interval[];
  keyWorker: boolean;
  /** When infected (Infinity: never); samples from then on are positive. */
  infectedAt: number;
  /** sampled_at of the first positive sample: no routine sampling or scanning after it. */
  isolatedAt: number;
  /** sampled_at of every sample, in no particular order. */
  sampled: number[];
  /** Positive pooled samples whose result had arrived by the anchor. */
  positivePools: { sampledAt: number; resultAt: number }[];
  /** Single samples with a final result (NEGATIVE or POSITIVE) by the anchor. */
  finalSingles: { sampledAt: number; resultAt: number }[];
  observation: Interval | null;
}

interface Visit {
  /** Null for a visitor who is nobody's resident (an unmatched result). */
  person: Person | null;
  idNumber: string;
  at: number;
  pooled: boolean;
  positive: boolean;
  site: number;
}

export class HealthGenerator {
  private readonly anchor: number;
  private readonly today: number;
  private readonly anchorDate: { year: number; month: number; day: number };
  private readonly samplingStart: number;
  private readonly lastSampling: number;
  private readonly scanStart: number;
  private readonly communityIndex = new Map<string, number>();
  private readonly siteNames: string[] = [];
  private readonly townNames: string[] = [];
  /** Minutes after 07:00 at which each sampling point opens in the morning (points are staggered). */
  private readonly morningOpens: number[] = [];
  /** Community code → when its outbreak began. */
  private readonly outbreaks = new Map<string, number>();
  private readonly observationShare: number;
  private readonly ids = { exemption: 0, sample: 0, pool: 0, dose: 0, observation: 0, scan: 0 };
  private readonly monthTexts = new Map<number, string>();

  constructor(private readonly plan: HealthPlan) {
    this.anchor = plan.anchor.getTime();
    this.today = dayOf(this.anchor);
    const local = new Date(this.today * DAY);
    this.anchorDate = { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
    this.samplingStart = this.anchor - SAMPLING_DAYS * DAY;
    this.lastSampling = this.anchor - LAST_SAMPLING_MARGIN;
    this.scanStart = this.anchor - SCAN_DAYS * DAY;

    const towns = new Map(plan.regions.filter((r) => r.level === 'TOWN').map((r) => [r.code, r.name]));
    const pointsInTown = new Map<string, number>();
    for (const [index, community] of plan.communities.entries()) {
      const town = community.parentCode!;
      const point = (pointsInTown.get(town) ?? 0) + 1;
      pointsInTown.set(town, point);
      this.communityIndex.set(community.code, index);
      this.townNames.push(towns.get(town) ?? town);
      this.siteNames.push(`${towns.get(town) ?? town} sampling point ${point}`);
      this.morningOpens.push(30 * (hash(index) % 4));
    }

    // A few outbreaks in the last two weeks, in communities drawn by size.
    const random = new Random(`${plan.name}:outbreaks`);
    const count = Math.max(MIN_OUTBREAKS, Math.round(plan.residents / RESIDENTS_PER_OUTBREAK));
    const weights = plan.communities.map((c) => c.weight);
    while (this.outbreaks.size < Math.min(count, plan.communities.length)) {
      const community = plan.communities[random.weighted(weights)]!;
      if (!this.outbreaks.has(community.code)) this.outbreaks.set(community.code, this.anchor - (3 + 9 * random.next()) * DAY);
    }
    this.observationShare = Math.max(OBSERVATION_SHARE, MIN_OBSERVATIONS / Math.max(1, plan.residents));
  }

  generate(population: CommunityPopulation): CommunityHealth {
    const code = population.community.code;
    const health: CommunityHealth = { people: [], residencePeriods: [], exemptions: [], samples: [], doses: [], homeObservations: [], scans: [] };
    const persons = this.project(population, health);
    this.infect(persons, new Random(`${this.plan.name}:outbreak:${code}`), code);
    this.sample(persons, new Random(`${this.plan.name}:samples:${code}`), health.samples);
    this.vaccinate(persons, new Random(`${this.plan.name}:doses:${code}`), health.doses);
    this.observe(persons, new Random(`${this.plan.name}:observation:${code}`), health.homeObservations);
    this.scan(persons, new Random(`${this.plan.name}:scans:${code}`), code, health.scans);
    return health;
  }

  // ── Projection: what the population events would have told health ──

  private project(population: CommunityPopulation, health: CommunityHealth): Person[] {
    const { residents, residencies, residentTags } = population;
    const persons: Person[] = [];
    let y = 0;
    let g = 0;
    for (const resident of residents) {
      health.people.push({ residentId: resident.id, idNumber: resident.idNumber, birthDate: resident.birthDate });
      const person: Person = {
        id: resident.id,
        idNumber: resident.idNumber,
        birthDate: resident.birthDate,
        age: this.ageAtAnchor(resident.birthDate),
        periods: [],
        exemptions: [],
        keyWorker: false,
        infectedAt: Infinity,
        isolatedAt: Infinity,
        sampled: [],
        positivePools: [],
        finalSingles: [],
        observation: null,
      };
      // Residencies and tags are generated resident by resident, in resident order.
      for (; y < residencies.length && residencies[y]!.residentId === resident.id; y++) {
        const row = residencies[y]!;
        health.residencePeriods.push({
          id: row.id,
          residentId: row.residentId,
          communityCode: row.communityCode,
          address: row.address,
          startedAt: row.startedAt,
          endedAt: row.endedAt,
        });
        person.periods.push({
          start: row.startedAt.getTime(),
          end: row.endedAt?.getTime() ?? Infinity,
          communityCode: row.communityCode,
          site: this.communityIndex.get(row.communityCode)!,
        });
      }
      for (; g < residentTags.length && residentTags[g]!.residentId === resident.id; g++) {
        const tag = residentTags[g]!;
        if (tag.tagCode === 'KEY_INDUSTRY_WORKER' && tag.untaggedAt === null) person.keyWorker = true;
        if (tag.tagCode !== EXEMPTION_TAG) continue;
        health.exemptions.push({
          id: ++this.ids.exemption,
          residentId: resident.id,
          source: 'TAG',
          reason: `Tagged ${EXEMPTION_TAG}`,
          startsAt: tag.taggedAt,
          endsAt: tag.untaggedAt,
          recordedBy: 'population',
        });
        person.exemptions.push({ start: tag.taggedAt.getTime(), end: tag.untaggedAt?.getTime() ?? Infinity });
      }
      persons.push(person);
    }
    return persons;
  }

  private infect(persons: Person[], random: Random, code: string): void {
    const began = this.outbreaks.get(code);
    if (began === undefined) return;
    const present = persons.filter((p) => periodAt(p, began, 0) !== null);
    const infected = Math.min(present.length, Math.max(MIN_INFECTED, Math.round(present.length * INFECTED_SHARE)));
    for (let i = 0; i < infected; i++) {
      const j = random.int(i, present.length - 1);
      [present[i], present[j]] = [present[j]!, present[i]!];
      present[i]!.infectedAt = began + Math.floor(3 * DAY * random.next());
    }
  }

  // ── Samples ──

  private sample(persons: Person[], random: Random, out: SampleRow[]): void {
    // Routine visits, grouped by sampling point and session: pools form in the queue of one session.
    const sessions = new Map<number, Visit[]>();
    const join = (visit: Visit, day: number, evening: boolean) => {
      const key = ((day * 2 + (evening ? 1 : 0)) * 1024 + visit.site) | 0;
      const queue = sessions.get(key);
      if (queue) queue.push(visit);
      else sessions.set(key, [visit]);
    };
    // A community's residents are called down building by building: the queue lasts as long as the
    // people need (some 20 s each), so a small community's session is short and its pools still fill.
    const sessionLength = (share: number) =>
      Math.min(MAX_SESSION, Math.max(MIN_SESSION, persons.length * DAILY_ATTENDANCE * share * SECONDS_PER_PERSON * 1000));
    const morningLength = sessionLength(1 - EVENING_SHARE);
    const eveningLength = sessionLength(EVENING_SHARE);
    for (const person of persons) {
      for (const day of this.samplingDays(person, random)) {
        const evening = random.chance(EVENING_SHARE);
        const pooled = random.chance(POOLED_SHARE);
        const home = periodAt(person, startOfDay(day) + 12 * HOUR, 0) ?? person.periods.at(-1)!;
        const opens = evening ? 17 * HOUR : 7 * HOUR + this.morningOpens[home.site]! * MINUTE;
        const at = startOfDay(day) + opens + Math.floor((evening ? eveningLength : morningLength) * random.next());
        if (at < this.samplingStart || at > this.lastSampling || at > person.isolatedAt) continue;
        const where = periodAt(person, at, PERIOD_MARGIN);
        if (!where) continue;
        if (inAny(person.exemptions, at) && !random.chance(EXEMPT_SAMPLED)) continue;
        const positive = at >= person.infectedAt;
        if (positive) person.isolatedAt = at; // stays home from now on: no more rounds, no more scans
        join({ person, idNumber: person.idNumber, at, pooled, positive, site: where.site }, day, evening);
        // Now and then someone who is nobody's resident joins the queue (a visitor; their result stays unmatched).
        if (random.chance(UNMATCHED_SHARE)) {
          const visitorAt = Math.min(at + Math.floor(10 * MINUTE * random.next()), this.lastSampling);
          const visitor = this.visitorIdNumber(random);
          join({ person: null, idNumber: visitor, at: visitorAt, pooled: random.chance(POOLED_SHARE), positive: false, site: where.site }, day, evening);
        }
      }
    }

    for (const key of [...sessions.keys()].sort((a, b) => a - b)) {
      const queue = sessions.get(key)!.sort((a, b) => a.at - b.at);
      const lab = LABS[hash(key) % LABS.length]!;
      const size = hash(key ^ 0x5bd1e995) % 3 === 0 ? 20 : 10;
      let tube: Visit[] = [];
      const close = () => {
        if (tube.length > 0) this.tube(tube, tube.length > 1, lab, random, out);
        tube = [];
      };
      for (const visit of queue) {
        if (!visit.pooled) {
          this.tube([visit], false, lab, random, out);
          continue;
        }
        if (tube.length === size || (tube.length > 0 && visit.at - tube[0]!.at > POOL_SPAN)) close();
        tube.push(visit);
      }
      close();
    }

    // Members of a positive pool are retested individually, usually within hours of the result.
    const retests: Visit[] = [];
    for (const person of persons) {
      for (const pool of person.positivePools) {
        if (!random.chance(person.infectedAt <= pool.sampledAt ? 0.95 : 0.75)) continue;
        const at = pool.resultAt + HOUR + Math.floor(11 * HOUR * random.next());
        const where = at <= this.lastSampling ? periodAt(person, at, PERIOD_MARGIN) : null;
        if (where) retests.push({ person, idNumber: person.idNumber, at, pooled: false, positive: at >= person.infectedAt, site: where.site });
      }
    }
    for (const visit of retests.sort((a, b) => a.at - b.at)) {
      this.tube([visit], false, LABS[hash(visit.site) % LABS.length]!, random, out);
    }
  }

  /** The days a resident goes to be sampled, in order, by how compliant they are. */
  private samplingDays(person: Person, random: Random): number[] {
    const first = dayOf(this.samplingStart);
    const days: number[] = [];
    const every = (gap: () => number) => {
      for (let day = first + random.int(0, gap() - 1); day <= this.today; day += gap()) days.push(day);
    };
    const roll = random.next();
    if (person.keyWorker) {
      every(() => (random.chance(0.7) ? 1 : 2)); // key industries test daily or every other day
    } else if (roll < 0.03) {
      // never sampled: the stubborn few
    } else if (roll < 0.15 || person.age < 3) {
      const count = random.int(1, 4);
      for (let i = 0; i < count; i++) days.push(first + random.int(0, this.today - first));
      days.sort((a, b) => a - b);
    } else if (roll < 0.38) {
      every(() => random.int(3, 7));
    } else {
      every(() => 2 + random.weighted([35, 50, 15]));
    }
    return days;
  }

  /** One tube: its members share the result, the result time and (pooled) the pool barcode. */
  private tube(members: readonly Visit[], pooled: boolean, lab: string, random: Random, out: SampleRow[]): void {
    const first = members[0]!;
    const result: SampleRow['result'] = members.some((m) => m.positive) ? 'POSITIVE' : random.chance(INVALID_SHARE) ? 'INVALID' : 'NEGATIVE';
    // Members were sampled within POOL_SPAN of the first, so the delay is within bounds for each of them.
    const span = pooled ? POOL_SPAN : 0;
    const resultAt = first.at + RESULT_DELAY_MIN + span + Math.floor((RESULT_DELAY_MAX - RESULT_DELAY_MIN - span) * random.next());
    const arrived = resultAt <= this.anchor;
    const poolBarcode = pooled ? `P${20_000_000_000 + ++this.ids.pool}` : null;
    for (const member of members) {
      const person = member.person;
      out.push({
        barcode: `S${10_000_000_000 + ++this.ids.sample}`,
        residentId: person?.id ?? null,
        idNumber: member.idNumber,
        sampledAt: new Date(member.at),
        tubeType: pooled ? 'POOLED' : 'SINGLE',
        poolBarcode,
        result: arrived ? result : 'PENDING',
        resultAt: arrived ? new Date(resultAt) : null,
        site: this.siteNames[member.site]!,
        lab,
        receivedAt: new Date(arrived ? resultAt : Math.min(this.anchor, member.at + 5 * MINUTE + Math.floor(55 * MINUTE * random.next()))),
      });
      if (!person) continue;
      person.sampled.push(member.at);
      if (!arrived) continue;
      if (pooled && result === 'POSITIVE') person.positivePools.push({ sampledAt: member.at, resultAt });
      if (!pooled && result !== 'INVALID') person.finalSingles.push({ sampledAt: member.at, resultAt });
    }
  }

  /** A valid identity number of someone born 1950–2005 in a county no resident comes from. */
  private visitorIdNumber(random: Random): string {
    const born = new Date(Date.UTC(1950, 0, 1) + random.int(0, 20_000) * DAY).toISOString().slice(0, 10).replaceAll('-', '');
    return withCheckCharacter(random.pick(VISITOR_AREAS) + born + String(random.int(1, 999)).padStart(3, '0'));
  }

  // ── Vaccination ──

  private vaccinate(persons: Person[], random: Random, out: DoseRow[]): void {
    const campaign = dayOf(this.anchor - CAMPAIGN_LEAD);
    for (const person of persons) {
      const age = person.age;
      const unvaccinated = age < 3 ? 1 : age < 18 ? 0.05 : age < 60 ? 0.08 : age < 80 ? 0.15 : 0.4;
      if (random.chance(unvaccinated)) continue;
      const product = PRODUCTS[random.weighted(age < 18 ? CHILD_PRODUCT_WEIGHTS : ADULT_PRODUCT_WEIGHTS)]!;
      // Working-age adults first, then the elderly, then children (in days after the campaign began).
      const u = random.next();
      let day =
        campaign +
        Math.floor(age >= 60 ? 45 + 200 * u : age >= 18 ? 200 * u ** 1.3 : age >= 12 ? 170 + 120 * u : 200 + 130 * u);
      const eligible = dayOf(Date.parse(`${person.birthDate}T00:00:00+08:00`) + 3 * 365.25 * DAY) + 1;
      if (day < eligible) day = eligible + random.int(0, 90);
      const complete = random.chance(age >= 80 ? 0.8 : age >= 60 ? 0.9 : 0.95);
      const series = PRIMARY_SERIES[product];
      const given = complete ? series : random.int(1, Math.max(1, series - 1));
      const boosted = complete && random.chance(age < 18 ? 0 : product === 'ZF2001' ? 0.1 : age >= 80 ? 0.4 : age >= 60 ? 0.65 : 0.85);
      const town = this.townNames[person.periods.at(-1)!.site]!;
      for (let dose = 1; dose <= given + (boosted ? 1 : 0); dose++) {
        if (dose > 1) day += dose > given ? random.int(180, 270) : product === 'ZF2001' ? random.int(30, 45) : random.int(21, 56);
        if (day >= this.today) break; // not yet given at the anchor
        // A quarter of the boosters after an inactivated series are heterologous.
        const inactivated = product === 'SINOPHARM_BIBP' || product === 'SINOVAC_CORONAVAC';
        const doseProduct = dose > given && inactivated && random.chance(0.25) ? random.pick(['ZF2001', 'CANSINO_AD5'] as const) : product;
        const site = random.chance(0.7)
          ? `${town} Community Health Service Centre`
          : random.chance(0.6)
            ? 'Qingpu Sports Centre temporary vaccination site'
            : 'Qingpu District Central Hospital';
        out.push({
          id: ++this.ids.dose,
          residentId: person.id,
          product: doseProduct,
          doseNumber: dose,
          administeredAt: new Date(startOfDay(day) + 8 * HOUR + Math.floor(9 * HOUR * random.next())),
          site,
          batch: `${BATCH_PREFIX[doseProduct]}${this.monthText(day - random.int(30, 90))}${String(random.int(1, 40)).padStart(3, '0')}`,
          recordedBy: 'seed',
        });
      }
    }
  }

  /** 'YYYYMM' of a day. */
  private monthText(day: number): string {
    let text = this.monthTexts.get(day);
    if (text === undefined) {
      text = new Date(day * DAY).toISOString().slice(0, 7).replace('-', '');
      this.monthTexts.set(day, text);
    }
    return text;
  }

  // ── Home observation ──

  private observe(persons: Person[], random: Random, out: HomeObservationRow[]): void {
    for (const person of persons) {
      if (!random.chance(this.observationShare)) continue;
      const startedAt = this.anchor - Math.floor(20 * DAY * random.next());
      if (!periodAt(person, startedAt, PERIOD_MARGIN) || startedAt >= person.isolatedAt) continue;
      const plannedEndAt = startedAt + OBSERVATION_DAYS * DAY;
      let endedAt: number | null;
      if (plannedEndAt <= this.anchor) endedAt = random.chance(0.8) ? plannedEndAt : startedAt + Math.floor((3 + 4 * random.next()) * DAY);
      else endedAt = random.chance(0.1) ? startedAt + Math.floor((this.anchor - startedAt) * random.next()) : null;
      const id = ++this.ids.observation;
      person.observation = { start: startedAt, end: endedAt ?? Infinity };
      out.push({
        id,
        residentId: person.id,
        reason: random.pick(OBSERVATION_REASONS),
        startedAt: new Date(startedAt),
        plannedEndAt: new Date(plannedEndAt),
        endedAt: endedAt === null ? null : new Date(endedAt),
        source: `seed:${id}`,
      });
    }
  }

  // ── Venue scans ──

  private scan(persons: Person[], random: Random, code: string, out: ScanRow[]): void {
    const scans: { person: Person; venueId: number; at: number }[] = [];
    const { byCommunity, byTown } = this.plan.venues;
    const venueNear = (period: Period): number => {
      const own = byCommunity.get(period.communityCode)!;
      const community = this.plan.communities[period.site]!;
      return random.pick(own.length > 0 && random.chance(OWN_COMMUNITY_SCANS) ? own : byTown.get(community.parentCode!)!);
    };
    const firstDay = dayOf(this.scanStart);
    for (const person of persons) {
      const age = person.age;
      // Scans per day: working-age adults go out most, the youngest never scan themselves.
      const rate = age < 6 ? 0 : age < 18 ? 0.12 : age < 65 ? 0.5 * random.next() + 0.05 : age < 80 ? 0.15 : 0.04;
      if (rate === 0) continue;
      for (let day = firstDay; day <= this.today; day++) {
        const count = random.chance(rate) ? (random.chance(0.35) ? 2 : 1) : 0;
        for (let i = 0; i < count; i++) {
          const at = startOfDay(day) + 7 * HOUR + Math.floor(14 * HOUR * random.next());
          if (at < this.scanStart || at > this.anchor || at >= person.isolatedAt) continue;
          const period = periodAt(person, at, 0);
          if (period) scans.push({ person, venueId: venueNear(period), at });
        }
      }
    }

    // Venue exposures: before their first positive sample, infected residents visited a local venue,
    // and a few neighbours scanned the same code within half an hour.
    const own = byCommunity.get(code)!;
    for (const infected of persons) {
      if (infected.isolatedAt === Infinity || own.length === 0) continue;
      for (let visit = random.int(1, 2); visit > 0; visit--) {
        const at = infected.isolatedAt - HOUR - Math.floor(60 * HOUR * random.next());
        if (at < this.scanStart || !periodAt(infected, at, 0)) continue;
        const venueId = random.pick(own);
        scans.push({ person: infected, venueId, at });
        for (let others = random.int(1, 4); others > 0; others--) {
          const other = random.pick(persons);
          const otherAt = Math.min(this.anchor, at + Math.floor((random.next() - 0.5) * 50 * MINUTE));
          const there = other !== infected && otherAt >= this.scanStart && otherAt < other.isolatedAt && periodAt(other, otherAt, 0);
          if (there) scans.push({ person: other, venueId, at: otherAt });
        }
      }
    }

    for (const person of persons) person.sampled.sort((a, b) => a - b);
    scans.sort((a, b) => a.at - b.at || a.person.id - b.person.id);
    for (const { person, venueId, at } of scans) {
      out.push({ id: ++this.ids.scan, residentId: person.id, venueId, scannedAt: new Date(at), colorShown: this.colorAt(person, at) });
    }
  }

  /** The code colour the resident's phone showed at `at`, by the rules of domain.md as far as health's own facts go. */
  private colorAt(person: Person, at: number): Color {
    for (const pool of person.positivePools) {
      if (pool.resultAt > at) continue;
      if (!person.finalSingles.some((s) => s.sampledAt > pool.sampledAt && s.resultAt <= at)) return 'RED';
    }
    if (person.observation && person.observation.start <= at && at < person.observation.end) return 'YELLOW';
    if (inAny(person.exemptions, at)) return 'GREEN';
    let last = -Infinity;
    for (const sampledAt of person.sampled) {
      if (sampledAt > at) break;
      last = sampledAt;
    }
    return last > at - 7 * DAY ? 'GREEN' : 'YELLOW';
  }

  private ageAtAnchor(birthDate: string): number {
    const year = Number(birthDate.slice(0, 4));
    const month = Number(birthDate.slice(5, 7));
    const day = Number(birthDate.slice(8, 10));
    const { year: y, month: m, day: d } = this.anchorDate;
    return y - year - (m < month || (m === month && d < day) ? 1 : 0);
  }
}

/** The residency period holding `at` at least `margin` from both of its ends, or null. */
function periodAt(person: Person, at: number, margin: number): Period | null {
  for (const period of person.periods) if (period.start + margin <= at && at < period.end - margin) return period;
  return null;
}

function inAny(intervals: readonly Interval[], at: number): boolean {
  for (const interval of intervals) if (interval.start <= at && at < interval.end) return true;
  return false;
}

/** The Shanghai calendar day (days since 1970-01-01) of an instant. */
function dayOf(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET) / DAY);
}

function startOfDay(day: number): number {
  return day * DAY - SHANGHAI_OFFSET;
}

/** A well-mixed 32-bit hash of an integer: stable choices (lab, tube size) without drawing from a generator. */
function hash(value: number): number {
  let h = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
