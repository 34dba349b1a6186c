import { asc, desc, inArray, isNull, and } from 'drizzle-orm';
import type { Db } from '../../shared/db/database.js';
import { residentTags, tags, type ResidentTagRow } from '../db.js';
import { toTag } from './tag.mapper.js';
import type { Tag } from './tag.type.js';

/** The whole tag catalog (a handful of rows: read once per request). */
export async function tagCatalog(db: Db): Promise<Map<string, Tag>> {
  const rows = await db.select().from(tags).orderBy(asc(tags.code));
  return new Map(rows.map((row) => [row.code, toTag(row)]));
}

/** Taggings of residents, newest first; only current ones when `currentOnly`. */
export async function taggingsOf(db: Db, residentIds: readonly number[], currentOnly: boolean): Promise<ResidentTagRow[]> {
  return db
    .select()
    .from(residentTags)
    .where(and(inArray(residentTags.residentId, [...residentIds]), currentOnly ? isNull(residentTags.untaggedAt) : undefined))
    .orderBy(desc(residentTags.taggedAt), desc(residentTags.id));
}
