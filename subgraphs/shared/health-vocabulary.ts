/**
 * The health vocabulary more than one subgraph speaks: health computes codes
 * and vaccination, and population's resident search filters by them, so the
 * enums are defined once here and registered identically in both schemas
 * (federation requires an enum used in inputs to agree across subgraphs).
 */
import { registerEnumType } from 'type-graphql';

export enum CodeColor {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerEnumType(CodeColor, {
  name: 'CodeColor',
  description: 'Colour of a health code.',
  valuesConfig: {
    GREEN: { description: 'No restriction.' },
    YELLOW: { description: 'Get tested or stay home: no recent test, home observation or venue exposure.' },
    RED: { description: 'Active case, close contact in quarantine, or pool-positive pending retest.' },
  },
});

export enum HealthCodeReason {
  ACTIVE_CASE = 'ACTIVE_CASE',
  POOL_POSITIVE_PENDING_RETEST = 'POOL_POSITIVE_PENDING_RETEST',
  CLOSE_CONTACT = 'CLOSE_CONTACT',
  NO_RECENT_TEST = 'NO_RECENT_TEST',
  HOME_OBSERVATION = 'HOME_OBSERVATION',
  VENUE_EXPOSURE = 'VENUE_EXPOSURE',
}
registerEnumType(HealthCodeReason, {
  name: 'HealthCodeReason',
  description: 'Why a code is not GREEN.',
  valuesConfig: {
    ACTIVE_CASE: { description: 'RED: an active positive case.' },
    POOL_POSITIVE_PENDING_RETEST: { description: 'RED: a positive pooled tube, until an individual sample taken after it has a final result.' },
    CLOSE_CONTACT: { description: 'RED: a close contact in quarantine.' },
    NO_RECENT_TEST: { description: 'YELLOW: no sample within the test interval (default 168 h) and not exempt.' },
    HOME_OBSERVATION: { description: 'YELLOW: under home health observation.' },
    VENUE_EXPOSURE: { description: 'YELLOW: scanned a venue within 30 minutes of a person who then tested positive, in the last 7 days, and not sampled since.' },
  },
});

/** How far a resident's vaccination has gone (domain.md, "Vaccination"): exactly one level each. */
export enum VaccinationLevel {
  UNVACCINATED = 'UNVACCINATED',
  PARTIALLY_VACCINATED = 'PARTIALLY_VACCINATED',
  FULLY_VACCINATED = 'FULLY_VACCINATED',
  BOOSTED = 'BOOSTED',
}
registerEnumType(VaccinationLevel, {
  name: 'VaccinationLevel',
  description: 'How far a resident\'s vaccination has gone; each resident has exactly one level.',
  valuesConfig: {
    UNVACCINATED: { description: 'No dose.' },
    PARTIALLY_VACCINATED: { description: 'At least one dose, primary series not complete.' },
    FULLY_VACCINATED: { description: 'Primary series complete, no dose beyond it (the index fullyVaccinated also counts BOOSTED).' },
    BOOSTED: { description: 'At least one dose beyond the primary series.' },
  },
});
