/**
 * Where the positive samples come from: a few outbreaks in the last two
 * weeks before the anchor, in communities drawn by size, each infecting a
 * small share of the residents present when it began.
 */
import { Random } from '../random.js';
import { DAY, periodAt, type HealthPlan, type Person } from './model.js';

/** One outbreak per this many planned residents, at least MIN_OUTBREAKS. */
const RESIDENTS_PER_OUTBREAK = 40_000;
const MIN_OUTBREAKS = 4;
/** Share of an outbreak community's residents infected (at least MIN_INFECTED). */
const INFECTED_SHARE = 0.0015;
const MIN_INFECTED = 2;

export class Outbreaks {
  /** Community code → when its outbreak began. */
  private readonly began = new Map<string, number>();

  constructor(plan: HealthPlan) {
    const anchor = plan.anchor.getTime();
    const random = new Random(`${plan.name}:outbreaks`);
    const count = Math.max(MIN_OUTBREAKS, Math.round(plan.residents / RESIDENTS_PER_OUTBREAK));
    const weights = plan.communities.map((c) => c.weight);
    while (this.began.size < Math.min(count, plan.communities.length)) {
      const community = plan.communities[random.weighted(weights)]!;
      if (!this.began.has(community.code)) this.began.set(community.code, anchor - (3 + 9 * random.next()) * DAY);
    }
  }

  /** Sets when the infected residents of the community `code` (if it has an outbreak) were infected. */
  infect(persons: Person[], random: Random, code: string): void {
    const began = this.began.get(code);
    if (began === undefined) return;
    const present = persons.filter((p) => periodAt(p, began, 0) !== null);
    const infected = Math.min(present.length, Math.max(MIN_INFECTED, Math.round(present.length * INFECTED_SHARE)));
    for (let i = 0; i < infected; i++) {
      const j = random.int(i, present.length - 1);
      [present[i], present[j]] = [present[j]!, present[i]!];
      present[i]!.infectedAt = began + Math.floor(3 * DAY * random.next());
    }
  }
}
