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
 * Each kind of fact has its own generator in this folder; this one composes
 * them in a fixed order, since later kinds read what earlier ones decided
 * (samples stop at infection, scans stop at isolation and show a colour from
 * samples, observation and exemptions).
 *
 * Everything is drawn from generators seeded by the data-set name and the
 * community (one per kind of fact, so doses do not shift when sampling
 * changes) and dated relative to the anchor: the same size and anchor always
 * give the same rows. Nothing is dated after the anchor; residents are sampled
 * and scan only while they live in the district.
 */
import type { DoseRow, HomeObservationRow, SampleRow, ScanRow } from '../../subgraphs/health/db.js';
import type { CommunityPopulation } from '../population.js';
import { Random } from '../random.js';
import { ExemptionProjection, type ExemptionRow } from './exemptions.js';
import type { HealthPlan } from './model.js';
import { HomeObservation } from './observations.js';
import { Outbreaks } from './outbreaks.js';
import { PeopleProjection, type PersonRow, type ResidencePeriodRow } from './people.js';
import { Sampling } from './samples.js';
import { Vaccination } from './vaccinations.js';
import { VenueScans } from './venue-scans.js';

export { EXEMPTION_TAG, type ExemptionRow } from './exemptions.js';
export type { HealthPlan } from './model.js';
export type { PersonRow, ResidencePeriodRow } from './people.js';

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

export class HealthGenerator {
  private readonly people: PeopleProjection;
  private readonly exemptions = new ExemptionProjection();
  private readonly outbreaks: Outbreaks;
  private readonly sampling: Sampling;
  private readonly vaccination: Vaccination;
  private readonly observation: HomeObservation;
  private readonly scans: VenueScans;

  constructor(private readonly plan: HealthPlan) {
    this.people = new PeopleProjection(plan);
    this.outbreaks = new Outbreaks(plan);
    this.sampling = new Sampling(plan);
    this.vaccination = new Vaccination(plan);
    this.observation = new HomeObservation(plan);
    this.scans = new VenueScans(plan);
  }

  generate(population: CommunityPopulation): CommunityHealth {
    const code = population.community.code;
    const name = this.plan.name;
    const health: CommunityHealth = { people: [], residencePeriods: [], exemptions: [], samples: [], doses: [], homeObservations: [], scans: [] };
    const persons = this.people.project(population, health);
    this.exemptions.project(persons, population.residentTags, health.exemptions);
    this.outbreaks.infect(persons, new Random(`${name}:outbreak:${code}`), code);
    this.sampling.sample(persons, new Random(`${name}:samples:${code}`), health.samples);
    this.vaccination.vaccinate(persons, new Random(`${name}:doses:${code}`), health.doses);
    this.observation.observe(persons, new Random(`${name}:observation:${code}`), health.homeObservations);
    this.scans.scan(persons, new Random(`${name}:scans:${code}`), code, health.scans);
    return health;
  }
}
