/**
 * Nucleic-acid samples: a month of routine rounds before the anchor at each
 * community's sampling point, mornings and evenings, in 10-in-1 and 20-in-1
 * pooled tubes or single tubes, by how compliant each resident is; now and
 * then a visitor who is nobody's resident (an unmatched result); and the
 * individual retests of the members of a positive pool.
 */
import type { SampleRow } from '../../subgraphs/health/db.js';
import { withCheckCharacter } from '../../subgraphs/population/resident/identity.js';
import type { Random } from '../random.js';
import { DAY, HOUR, MINUTE, PERIOD_MARGIN, dayOf, hash, inAny, periodAt, startOfDay, townNames, type HealthPlan, type Person } from './model.js';

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
const INVALID_SHARE = 0.001;
const UNMATCHED_SHARE = 0.001;
/** Chance that a routine round falls inside an exemption and still happens (sampled at home on request). */
const EXEMPT_SAMPLED = 0.1;
const LABS = ['Qingpu Central Lab', 'Dian Lab', 'KingMed Lab', 'BGI Qingpu Lab', 'Adicon Lab', 'Qingpu District Hospital Lab'];
/** Area codes population.ts never draws: identity numbers of visitors who are nobody's resident (unmatched results). */
const VISITOR_AREAS = ['440106', '350102', '210102', '130102', '370102', '120101'];

interface Visit {
  /** Null for a visitor who is nobody's resident (an unmatched result). */
  person: Person | null;
  idNumber: string;
  at: number;
  pooled: boolean;
  positive: boolean;
  site: number;
}

export class Sampling {
  private readonly anchor: number;
  private readonly today: number;
  private readonly samplingStart: number;
  private readonly lastSampling: number;
  /** The sampling point of each community, by the community's index (its site). */
  private readonly siteNames: string[] = [];
  /** Minutes after 07:00 at which each sampling point opens in the morning (points are staggered). */
  private readonly morningOpens: number[] = [];
  private readonly ids = { sample: 0, pool: 0 };

  constructor(plan: HealthPlan) {
    this.anchor = plan.anchor.getTime();
    this.today = dayOf(this.anchor);
    this.samplingStart = this.anchor - SAMPLING_DAYS * DAY;
    this.lastSampling = this.anchor - LAST_SAMPLING_MARGIN;
    const towns = townNames(plan);
    const pointsInTown = new Map<string, number>();
    for (const [index, community] of plan.communities.entries()) {
      const point = (pointsInTown.get(community.parentCode!) ?? 0) + 1;
      pointsInTown.set(community.parentCode!, point);
      this.siteNames.push(`${towns[index]} sampling point ${point}`);
      this.morningOpens.push(30 * (hash(index) % 4));
    }
  }

  /** The samples of one community's residents (and the visitors who queued with them), in tube order. */
  sample(persons: Person[], random: Random, out: SampleRow[]): void {
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
        deliveredBy: null, // the district's own data
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
}
