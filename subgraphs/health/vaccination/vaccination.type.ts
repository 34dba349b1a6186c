import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';

export enum VaccineProduct {
  SINOPHARM_BIBP = 'SINOPHARM_BIBP',
  SINOVAC_CORONAVAC = 'SINOVAC_CORONAVAC',
  CANSINO_AD5 = 'CANSINO_AD5',
  ZF2001 = 'ZF2001',
}
registerEnumType(VaccineProduct, {
  name: 'VaccineProduct',
  description: 'A COVID-19 vaccine product. The product of dose 1 sets how many doses the primary series has.',
  valuesConfig: {
    SINOPHARM_BIBP: { description: 'Sinopharm (Beijing Institute), inactivated: primary series of 2 doses.' },
    SINOVAC_CORONAVAC: { description: 'Sinovac CoronaVac, inactivated: primary series of 2 doses.' },
    CANSINO_AD5: { description: 'CanSino Ad5-nCoV, adenovirus vector: primary series of 1 dose.' },
    ZF2001: { description: 'Zhifei ZF2001, recombinant protein subunit: primary series of 3 doses.' },
  },
});

@ObjectType({ description: 'One vaccine dose given to a resident.' })
export class VaccineDose {
  @Field(() => Int, { description: 'Which dose of the resident this is: 1, 2, 3… in the order given.' })
  doseNumber!: number;

  @Field(() => VaccineProduct, { description: 'The product given (later doses may be another product than dose 1).' })
  product!: VaccineProduct;

  @Field(() => DateTimeResolver, { description: 'When the dose was administered.' })
  administeredAt!: Date;

  @Field(() => String, { description: 'Vaccination site.' })
  site!: string;

  @Field(() => String, { description: 'Vaccine batch (lot) number.' })
  batch!: string;

  @Field(() => String, { description: 'Who recorded the dose.' })
  recordedBy!: string;
}

@ObjectType({
  description:
    "A resident's vaccination at an instant: the doses administered until then and what they add up to. The primary series length comes from dose 1's product; any dose beyond it is a booster.",
})
export class VaccinationStatus {
  @Field(() => Int, { description: 'Number of doses administered (0 when unvaccinated).' })
  doses!: number;

  @Field(() => Boolean, { description: 'The primary series is complete: at least as many doses as dose 1\'s product requires.' })
  fullyVaccinated!: boolean;

  @Field(() => Boolean, { description: 'At least one dose beyond the primary series.' })
  boosted!: boolean;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the latest dose was administered; null when unvaccinated.' })
  lastDoseAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Doses in the primary series, set by dose 1\'s product; null when unvaccinated.' })
  primarySeriesDoses!: number | null;

  @Field(() => [VaccineDose], { description: 'The doses, in dose-number order.' })
  history!: VaccineDose[];
}
