import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum RegionLevel {
  DISTRICT = 'DISTRICT',
  TOWN = 'TOWN',
  COMMUNITY = 'COMMUNITY',
}

registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Level in the administrative tree: district → town (subdistrict or town) → community (residential committee or village).',
  valuesConfig: {
    DISTRICT: { description: 'A district; 6-digit code, e.g. 310118.' },
    TOWN: { description: 'A subdistrict or town; 9-digit code starting with its district code.' },
    COMMUNITY: { description: 'A residential committee or village; 12-digit code starting with its town code.' },
  },
});

/** Code lengths by level: a region's code starts with its parent's. */
export const CODE_LENGTH: Record<RegionLevel, number> = { DISTRICT: 6, TOWN: 9, COMMUNITY: 12 };

@Directive('@key(fields: "code")')
@ObjectType({ description: 'A district, town or community. Every question about a region covers every community under it.' })
export class Region {
  @Field(() => ID, { description: 'Administrative code: 6 digits for a district, 9 for a town, 12 for a community.' })
  code!: string;

  @Field(() => String, { description: 'Official name, e.g. "Zhaoxiang Town".' })
  name!: string;

  @Field(() => RegionLevel, { description: 'Level in the administrative tree.' })
  level!: RegionLevel;

  /** Not exposed: resolved into `parent` through a loader. */
  parentCode!: string | null;
}
