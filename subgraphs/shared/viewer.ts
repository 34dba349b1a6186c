/**
 * Who is asking. Every request carries a viewer, taken from a verified token
 * (auth/tokens.ts) or, between processes, from the gateway's signature
 * (auth/internal-viewer.ts); every data access is scoped to the viewer's
 * region through RegionScope.
 */
import type { SQL, AnyColumn } from 'drizzle-orm';
import type { ViewerRole } from './auth/roles.js';
import { forbidden, notFound } from './errors.js';
import { inRegion } from './region-sql.js';
import { isRegionCode } from './validation.js';

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

/** Whether a region with this code exists (anywhere in the district, whatever the viewer's scope). */
export type RegionExists = (code: string) => Promise<boolean>;

/** NOT_FOUND naming a region code that names no region (whatever its shape). */
export function regionNotFound(code: string) {
  return notFound(`No region has code "${code}".`);
}

/**
 * The one place that turns a viewer's region into query conditions.
 *
 * Rules (README, "Who may see what"): lists hold only rows inside the region; one row outside it reads as
 * not found; a region-code argument that names no region is NOT_FOUND (naming the code), one that names a real
 * region outside the scope is FORBIDDEN. An ancestor of the viewer's region (a community worker's town) is outside:
 * its name and code may be read, its indexes and lists may not.
 */
export class RegionScope {
  constructor(
    readonly regionCode: string,
    private readonly exists: RegionExists = async () => true,
  ) {}

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

  /** A region code given as an argument: NOT_FOUND when no region has it (whatever its shape), FORBIDDEN outside the scope. */
  async assertRegion(regionCode: string): Promise<void> {
    if (!isRegionCode(regionCode) || !(await this.exists(regionCode))) throw regionNotFound(regionCode);
    this.assertCovers(regionCode);
  }
}
