import { Field, Float, Int, ObjectType } from 'type-graphql';

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

  @Field(() => Int, { description: 'Residents whose latest sample has no result yet.' })
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
