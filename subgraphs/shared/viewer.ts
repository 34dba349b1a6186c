/**
 * Who is asking. Every request carries a viewer; every data access is scoped to
 * the viewer's region through RegionScope, so that enforcing roles when
 * authentication arrives changes this file, not every resolver.
 */
import type { SQL, AnyColumn } from 'drizzle-orm';
import { forbidden } from './errors.js';
import { inRegion } from './region-sql.js';

export const VIEWER_ROLES = ['DISTRICT_ADMIN', 'TOWN_OFFICER', 'COMMUNITY_WORKER', 'ANALYST', 'PARTNER'] as const;
export type ViewerRole = (typeof VIEWER_ROLES)[number];

export interface Viewer {
  /** Stable identifier of the person or system, recorded as the actor of every change. */
  id: string;
  role: ViewerRole;
  /** Code of the region the viewer may see: a district, town or community code. */
  regionCode: string;
}

/** Until authentication arrives every request is a district administrator of Qingpu. */
export const DEV_VIEWER: Viewer = { id: 'dev-admin', role: 'DISTRICT_ADMIN', regionCode: '310118' };

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

/** Header carrying the viewer from the gateway to subgraphs served over HTTP. */
export const VIEWER_HEADER = 'x-platform-viewer';

export function encodeViewer(viewer: Viewer): string {
  return Buffer.from(JSON.stringify(viewer)).toString('base64url');
}

/** Reads the viewer header; a missing or malformed header means the development viewer. */
export function decodeViewer(header: string | undefined): Viewer {
  if (!header) return DEV_VIEWER;
  try {
    const value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<Viewer>;
    if (typeof value.id === 'string' && typeof value.regionCode === 'string' && VIEWER_ROLES.includes(value.role as ViewerRole)) {
      return value as Viewer;
    }
  } catch {
    // fall through
  }
  return DEV_VIEWER;
}
