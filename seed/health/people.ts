/**
 * Health's projection of the population's people and residency periods, as
 * the population events would have built it, and the in-memory residents
 * the other generators work on. Draws nothing.
 */
import type { people, residencePeriods } from '../../subgraphs/health/db.js';
import type { CommunityPopulation } from '../population.js';
import { DAY, dayOf, type HealthPlan, type Person } from './model.js';

export type PersonRow = typeof people.$inferSelect;
export type ResidencePeriodRow = typeof residencePeriods.$inferSelect;

export class PeopleProjection {
  private readonly communityIndex = new Map<string, number>();
  private readonly anchorDate: { year: number; month: number; day: number };

  constructor(plan: HealthPlan) {
    const local = new Date(dayOf(plan.anchor.getTime()) * DAY);
    this.anchorDate = { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
    for (const [index, community] of plan.communities.entries()) this.communityIndex.set(community.code, index);
  }

  /** The community's residents, in resident order, with their residency periods. */
  project(population: CommunityPopulation, out: { people: PersonRow[]; residencePeriods: ResidencePeriodRow[] }): Person[] {
    const { residents, residencies } = population;
    const persons: Person[] = [];
    let y = 0;
    for (const resident of residents) {
      out.people.push({ residentId: resident.id, idNumber: resident.idNumber, birthDate: resident.birthDate });
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
      // Residencies are generated resident by resident, in resident order.
      for (; y < residencies.length && residencies[y]!.residentId === resident.id; y++) {
        const row = residencies[y]!;
        out.residencePeriods.push({
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
      persons.push(person);
    }
    return persons;
  }

  private ageAtAnchor(birthDate: string): number {
    const year = Number(birthDate.slice(0, 4));
    const month = Number(birthDate.slice(5, 7));
    const day = Number(birthDate.slice(8, 10));
    const { year: y, month: m, day: d } = this.anchorDate;
    return y - year - (m < month || (m === month && d < day) ? 1 : 0);
  }
}
