/** The population indexes that count residents, each with the list of those residents behind it (drill-down). */
import { registerEnumType } from 'type-graphql';

export enum PopulationIndex {
  RESIDENTS = 'RESIDENTS',
  REGISTERED = 'REGISTERED',
  FLOATING = 'FLOATING',
  OVERSEAS = 'OVERSEAS',
  CHILDREN = 'CHILDREN',
  ELDERLY_60_PLUS = 'ELDERLY_60_PLUS',
  ELDERLY_80_PLUS = 'ELDERLY_80_PLUS',
  SPECIAL_CARE = 'SPECIAL_CARE',
}

registerEnumType(PopulationIndex, {
  name: 'PopulationIndex',
  description: 'A population index that counts residents (every one but `households`), named after its field.',
  valuesConfig: {
    RESIDENTS: { description: 'residents: everyone living in the region.' },
    REGISTERED: { description: 'registered: residents with household registration here.' },
    FLOATING: { description: 'floating: residents living here without household registration.' },
    OVERSEAS: { description: 'overseas: residents from outside the mainland.' },
    CHILDREN: { description: 'children: residents under 18.' },
    ELDERLY_60_PLUS: { description: 'elderly60Plus: residents aged 60 or over.' },
    ELDERLY_80_PLUS: { description: 'elderly80Plus: residents aged 80 or over.' },
    SPECIAL_CARE: { description: 'specialCare: residents with a SPECIAL_CARE tag.' },
  },
});
