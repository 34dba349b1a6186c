/**
 * Who is asking. Every request carries a viewer, taken from a verified token
 * (auth/tokens.ts) or, between processes, from the gateway's signature
 * (auth/internal-viewer.ts); every data access is scoped to the viewer's
 * region through RegionScope.
 */
import type { SQL, AnyColumn } from 'drizzle-orm';
import type { ViewerRole } from './auth/roles.js';
import { forbidden } from './errors.js';
import { inRegion } from './region-sql.js';

export { VIEWER_ROLES, type ViewerRole } from './auth/roles.js';

export interface Viewer {
  /** Stable identifier of the person or system (the token's `sub`), recorded as the actor of every change. */
  id: string;
  role: ViewerRole;
  /** Code of the region the viewer may see: a district, town or community code. */
  regionCode: string;
  /** Display name, when the token carries one. */
  name?: string;
}

/** The one place that turns a viewer's region into query conditions. */
export class RegionScope {
  constructor(readonly regionCode: string) {}

  /** SQL condition: the community code in `column` lies inside the viewer's region. */
  communities(column: AnyColumn | SQL): SQL {
    return inRegion(column, this.regionCode);
  }

  /** True when the region (any level) lies inside the viewer's region. */
  covers(regionCode: string): boolean {
    return regionCode.startsWith(this.regionCode);
  }

  /** Refuses a region outside the viewer's scope. */
  assertCovers(regionCode: string): void {
    if (!this.covers(regionCode)) throw forbidden(`Region ${regionCode} is outside your scope (${this.regionCode}).`);
  }
}
