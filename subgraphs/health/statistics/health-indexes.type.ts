import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

const residentsNote = 'Counts are of distinct residents living in the region at the instant (domain.md).';

@ObjectType({ description: `The 10 testing indexes. ${residentsNote}` })
export class TestingIndexes {
  @Field(() => Int, { description: 'Residents with a sample taken on the instant\'s calendar day (Asia/Shanghai), at or before it.' })
  sampledToday!: number;

  @Field(() => Int, { description: 'Residents with a sample taken in the last 24 h.' })
  within24h!: number;

  @Field(() => Int, { description: 'Residents with a sample taken in the last 48 h.' })
  within48h!: number;

  @Field(() => Int, { description: 'Residents with a sample taken in the last 72 h.' })
  within72h!: number;

  @Field(() => Int, { description: 'Residents not exempt with no sample in the last 72 h.' })
  untested72h!: number;

  @Field(() => Float, { description: 'Non-exempt residents sampled within 72 h ÷ non-exempt residents (0..1; 0 when there are none).' })
  coverage72h!: number;

  @Field(() => Int, { description: 'Residents whose latest sampling instant has a sample with no result yet (when several samples share that instant, one without a result is enough).' })
  pendingResults!: number;

  @Field(() => Int, { description: 'Residents with an individual (single-tube) POSITIVE result reported on the day.' })
  positiveToday!: number;

  @Field(() => Int, { description: 'Residents pool-positive pending an individual retest.' })
  poolPositivePendingRetest!: number;

  @Field(() => Int, { description: 'Residents exempt from routine testing.' })
  exempt!: number;
}

@ObjectType({ description: `The 6 vaccination indexes. ${residentsNote}` })
export class VaccinationIndexes {
  @Field(() => Int, { description: 'Residents with at least one dose.' })
  firstDose!: number;

  @Field(() => Int, { description: 'Residents whose primary series is complete.' })
  fullyVaccinated!: number;

  @Field(() => Int, { description: 'Residents with at least one dose beyond the primary series.' })
  boosted!: number;

  @Field(() => Float, { description: 'Fully vaccinated ÷ residents (0..1).' })
  coverage!: number;

  @Field(() => Float, { description: 'Fully vaccinated residents aged 60+ ÷ residents aged 60+ (0..1).' })
  elderly60PlusFullyVaccinatedRate!: number;

  @Field(() => Int, { description: 'Residents aged 80+ with no dose.' })
  elderly80PlusUnvaccinated!: number;
}

@ObjectType({ description: 'Residents by health-code colour at the instant; the three sum to the residents count.' })
export class HealthCodeIndexes {
  @Field(() => Int, { description: 'Residents with a GREEN code.' })
  green!: number;

  @Field(() => Int, { description: 'Residents with a YELLOW code.' })
  yellow!: number;

  @Field(() => Int, { description: 'Residents with a RED code.' })
  red!: number;
}

@ObjectType({ description: 'Home health observation index.' })
export class HomeObservationIndexes {
  @Field(() => Int, { description: 'Residents under active home health observation.' })
  active!: number;
}

@ObjectType({ description: 'Venue-code index.' })
export class VenueIndexes {
  @Field(() => Int, { description: 'Residents who showed a non-GREEN code at a venue scan in the last 24 h.' })
  abnormalScans24h!: number;
}

@ObjectType({ description: 'The 21 health indexes of a region at an instant (domain.md): testing 10, vaccination 6, codes 3, observation 1, venues 1.' })
export class HealthIndexes {
  @Field(() => TestingIndexes, { description: 'Nucleic-acid testing.' })
  testing!: TestingIndexes;

  @Field(() => VaccinationIndexes, { description: 'Vaccination.' })
  vaccination!: VaccinationIndexes;

  @Field(() => HealthCodeIndexes, { description: 'Health codes.' })
  healthCodes!: HealthCodeIndexes;

  @Field(() => HomeObservationIndexes, { description: 'Home health observation.' })
  homeObservation!: HomeObservationIndexes;

  @Field(() => VenueIndexes, { description: 'Venue codes.' })
  venues!: VenueIndexes;
}

/** The health indexes that count residents (rates have no list): each one's field name in capitals, words split by "_". */
export enum HealthIndex {
  SAMPLED_TODAY = 'SAMPLED_TODAY',
  WITHIN_24H = 'WITHIN_24H',
  WITHIN_48H = 'WITHIN_48H',
  WITHIN_72H = 'WITHIN_72H',
  UNTESTED_72H = 'UNTESTED_72H',
  PENDING_RESULTS = 'PENDING_RESULTS',
  POSITIVE_TODAY = 'POSITIVE_TODAY',
  POOL_POSITIVE_PENDING_RETEST = 'POOL_POSITIVE_PENDING_RETEST',
  EXEMPT = 'EXEMPT',
  FIRST_DOSE = 'FIRST_DOSE',
  FULLY_VACCINATED = 'FULLY_VACCINATED',
  BOOSTED = 'BOOSTED',
  ELDERLY_80_PLUS_UNVACCINATED = 'ELDERLY_80_PLUS_UNVACCINATED',
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
  HOME_OBSERVATION_ACTIVE = 'HOME_OBSERVATION_ACTIVE',
  ABNORMAL_SCANS_24H = 'ABNORMAL_SCANS_24H',
}
registerEnumType(HealthIndex, {
  name: 'HealthIndex',
  description: 'A health index that counts residents, for the list of residents behind it (people(index:)); rates have no list.',
  valuesConfig: {
    SAMPLED_TODAY: { description: 'testing.sampledToday: sampled on the instant\'s calendar day.' },
    WITHIN_24H: { description: 'testing.within24h: sampled in the last 24 h.' },
    WITHIN_48H: { description: 'testing.within48h: sampled in the last 48 h.' },
    WITHIN_72H: { description: 'testing.within72h: sampled in the last 72 h.' },
    UNTESTED_72H: { description: 'testing.untested72h: not exempt, no sample in the last 72 h.' },
    PENDING_RESULTS: { description: 'testing.pendingResults: the latest sampling instant has a sample without a result.' },
    POSITIVE_TODAY: { description: 'testing.positiveToday: an individual POSITIVE result reported on the day.' },
    POOL_POSITIVE_PENDING_RETEST: { description: 'testing.poolPositivePendingRetest: pool-positive, pending an individual retest.' },
    EXEMPT: { description: 'testing.exempt: exempt from routine testing.' },
    FIRST_DOSE: { description: 'vaccination.firstDose: at least one dose.' },
    FULLY_VACCINATED: { description: 'vaccination.fullyVaccinated: primary series complete.' },
    BOOSTED: { description: 'vaccination.boosted: a dose beyond the primary series.' },
    ELDERLY_80_PLUS_UNVACCINATED: { description: 'vaccination.elderly80PlusUnvaccinated: aged 80+ with no dose.' },
    GREEN: { description: 'healthCodes.green: a GREEN code.' },
    YELLOW: { description: 'healthCodes.yellow: a YELLOW code.' },
    RED: { description: 'healthCodes.red: a RED code.' },
    HOME_OBSERVATION_ACTIVE: { description: 'homeObservation.active: under active home health observation.' },
    ABNORMAL_SCANS_24H: { description: 'venues.abnormalScans24h: showed a non-GREEN code at a venue scan in the last 24 h.' },
  },
});
