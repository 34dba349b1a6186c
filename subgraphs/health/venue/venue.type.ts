import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { badUserInput } from '../../shared/errors.js';
import { Region } from '../region/region.type.js';
import { Resident } from '../resident/resident.type.js';
import { CodeColor } from '../../shared/health-vocabulary.js';

export const MAX_SCANS = 100;

/** Validates a `first` of a scan list (0 to MAX_SCANS). */
export function scanLimit(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_SCANS) throw badUserInput('first', `first must be between 0 and ${MAX_SCANS} (got ${first}).`);
  return first;
}

@ObjectType({ description: 'A place with a venue (place) code that people scan on entry, showing their health code.' })
export class Venue {
  /** Internal key for loaders; not in the API. */
  venueId!: number;

  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, { description: 'The venue code people scan (unique).' })
  code!: string;

  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Field(() => String, { description: 'Kind of place, e.g. SUPERMARKET, MARKET, RESTAURANT, CLINIC (free text).' })
  type!: string;

  @Field(() => ID, { description: 'Code of the community (12 digits) the venue lies in.' })
  communityCode!: string;

  @Field(() => Region, {
    nullable: true,
    description: 'The community the venue lies in; null when no region has its code (health checks only the shape of a community code).',
  })
  community!: Region | null;
}

@ObjectType({ description: 'One scan of a venue code by a resident, and the health-code colour they showed.' })
export class VenueScan {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => DateTimeResolver, { description: 'When the code was scanned.' })
  scannedAt!: Date;

  @Field(() => CodeColor, { description: 'The health-code colour the resident showed.' })
  colorShown!: CodeColor;

  @Field(() => Boolean, { description: 'True when the colour shown was not GREEN (an abnormal scan).' })
  abnormal!: boolean;

  @Field(() => Resident, { description: 'Who scanned.' })
  resident!: Resident;

  @Field(() => Venue, { description: 'The venue scanned.' })
  venue!: Venue;
}

@InputType({ description: 'A venue to register.' })
export class RegisterVenueInput {
  @Field(() => String, { description: 'The venue code printed on the place (1 to 32 letters, digits, "-", "_" or "."); unique.' })
  code!: string;

  @Field(() => String, { description: 'Display name (1 to 100 characters).' })
  name!: string;

  @Field(() => String, { description: 'Kind of place, e.g. SUPERMARKET (1 to 50 characters).' })
  type!: string;

  @Field(() => ID, {
    description:
      'The community the venue lies in: a 12-digit community code inside your scope. Only its shape is checked here (regions belong to the population subgraph).',
  })
  communityCode!: string;
}
