/**
 * Venue-code scans: two weeks of residents scanning the codes of venues near
 * home (working-age adults most, the youngest never), the venue exposures of
 * the infected shortly before their first positive sample (with neighbours
 * scanning the same code), and the colour each phone showed, from health's
 * own facts. Runs after samples and observations, whose outcome it reads.
 */
import type { ScanRow } from '../../subgraphs/health/db.js';
import type { Random } from '../random.js';
import { DAY, HOUR, MINUTE, dayOf, inAny, periodAt, startOfDay, type HealthPlan, type Period, type Person } from './model.js';

const SCAN_DAYS = 14;
/** Scans go to a venue of the resident's own community, else to one elsewhere in the town. */
const OWN_COMMUNITY_SCANS = 0.85;

type Color = ScanRow['colorShown'];

export class VenueScans {
  private readonly anchor: number;
  private readonly today: number;
  private readonly scanStart: number;
  private lastId = 0;

  constructor(private readonly plan: HealthPlan) {
    this.anchor = plan.anchor.getTime();
    this.today = dayOf(this.anchor);
    this.scanStart = this.anchor - SCAN_DAYS * DAY;
  }

  /** The scans of the residents of the community `code`, in time order. */
  scan(persons: Person[], random: Random, code: string, out: ScanRow[]): void {
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
      out.push({ id: ++this.lastId, residentId: person.id, venueId, scannedAt: new Date(at), colorShown: this.colorAt(person, at) });
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
}
