/**
 * Region reads, restricted to what the viewer may see: the regions inside the
 * viewer's region plus its ancestors (so a community worker can name their town).
 */
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import type { BaseContext } from '../../shared/subgraph.js';
import type { RegionExists } from '../../shared/viewer.js';
import { regions } from '../db.js';
import { toRegion } from './region.mapper.js';
import type { Region, RegionLevel } from './region.type.js';

function visible(ctx: BaseContext): SQL {
  return or(ctx.scope.communities(regions.code), sql`${ctx.scope.regionCode} like ${regions.code} || '%'`)!;
}

export async function listRegions(ctx: BaseContext, filter: { level?: RegionLevel; parentCode?: string }): Promise<Region[]> {
  const rows = await ctx.db
    .select()
    .from(regions)
    .where(
      and(
        visible(ctx),
        filter.level != null ? eq(regions.level, filter.level) : undefined,
        // `!= null`, not truthiness: an empty parentCode names no region and must list nothing, not every region.
        filter.parentCode != null ? eq(regions.parentCode, filter.parentCode) : undefined,
      ),
    )
    .orderBy(asc(regions.code));
  return rows.map(toRegion);
}

export async function regionsByCodes(ctx: BaseContext, codes: readonly string[]): Promise<Region[]> {
  const rows = await ctx.db.select().from(regions).where(and(inArray(regions.code, [...codes]), visible(ctx)));
  return rows.map(toRegion);
}

export async function regionsByParents(ctx: BaseContext, parentCodes: readonly string[]): Promise<Region[]> {
  const rows = await ctx.db
    .select()
    .from(regions)
    .where(and(inArray(regions.parentCode, [...parentCodes]), visible(ctx)))
    .orderBy(asc(regions.code));
  return rows.map(toRegion);
}

/** Whether a region exists, whatever the viewer's scope (for NOT_FOUND versus FORBIDDEN): one lookup per code and request. */
export function regionExistence(db: Db): RegionExists {
  const asked = new Map<string, Promise<boolean>>();
  return (code) => {
    let answer = asked.get(code);
    if (!answer) {
      answer = db
        .select({ code: regions.code })
        .from(regions)
        .where(eq(regions.code, code))
        .then((rows) => rows.length > 0);
      asked.set(code, answer);
    }
    return answer;
  };
}
