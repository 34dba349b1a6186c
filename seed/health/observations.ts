/**
 * Home health observations: a few residents (a few hundred in the district)
 * observed at home for a week in the twenty days before the anchor, most
 * through to the planned end, some released early, some still under way.
 */
import type { HomeObservationRow } from '../../subgraphs/health/db.js';
import type { Random } from '../random.js';
import { DAY, PERIOD_MARGIN, periodAt, type HealthPlan, type Person } from './model.js';

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

export class HomeObservation {
  private readonly anchor: number;
  private readonly share: number;
  private lastId = 0;

  constructor(plan: HealthPlan) {
    this.anchor = plan.anchor.getTime();
    this.share = Math.max(OBSERVATION_SHARE, MIN_OBSERVATIONS / Math.max(1, plan.residents));
  }

  /** The home observations of one community's residents; sets `observation` on the observed. */
  observe(persons: Person[], random: Random, out: HomeObservationRow[]): void {
    for (const person of persons) {
      if (!random.chance(this.share)) continue;
      const startedAt = this.anchor - Math.floor(20 * DAY * random.next());
      if (!periodAt(person, startedAt, PERIOD_MARGIN) || startedAt >= person.isolatedAt) continue;
      const plannedEndAt = startedAt + OBSERVATION_DAYS * DAY;
      let endedAt: number | null;
      if (plannedEndAt <= this.anchor) endedAt = random.chance(0.8) ? plannedEndAt : startedAt + Math.floor((3 + 4 * random.next()) * DAY);
      else endedAt = random.chance(0.1) ? startedAt + Math.floor((this.anchor - startedAt) * random.next()) : null;
      const id = ++this.lastId;
      person.observation = { start: startedAt, end: endedAt ?? Infinity };
      out.push({
        id,
        residentId: person.id,
        reason: random.pick(OBSERVATION_REASONS),
        startedAt: new Date(startedAt),
        plannedEndAt: new Date(plannedEndAt),
        endedAt: endedAt === null ? null : new Date(endedAt),
        statedFrom: null,
        statedUntil: null,
        source: `seed:${id}`,
      });
    }
  }
}
