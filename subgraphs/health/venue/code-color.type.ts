import { registerEnumType } from 'type-graphql';

/**
 * The health-code colours as a GraphQL enum, registered once for the whole health subgraph
 * (the colour shown at a venue scan, and the health code itself).
 */
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
