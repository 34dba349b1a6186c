import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { VaccineProduct } from './vaccination.type.js';

@InputType({ description: 'One vaccine dose given to a resident, to be recorded.' })
export class RecordVaccinationInput {
  @Field(() => ID, { description: 'The resident vaccinated.' })
  residentId!: string;

  @Field(() => VaccineProduct, { description: 'The product given; any product for any dose (heterologous boosters are normal).' })
  product!: VaccineProduct;

  @Field(() => Int, { description: 'Which dose of the resident this is: exactly one more than the doses recorded so far.' })
  doseNumber!: number;

  @Field(() => DateTimeResolver, { description: 'When it was administered: not in the future, not before birth, strictly after the previous dose.' })
  administeredAt!: Date;

  @Field(() => String, { description: 'Vaccination site, 1 to 200 characters.' })
  site!: string;

  @Field(() => String, { description: 'Vaccine batch (lot) number, 1 to 64 characters.' })
  batch!: string;
}
