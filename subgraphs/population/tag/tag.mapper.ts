import type { ResidentTagRow, TagRow } from '../db.js';
import { Tag, TagAssignment, TagCategory } from './tag.type.js';

export function toTag(row: TagRow): Tag {
  return Object.assign(new Tag(), { code: row.code, name: row.name, category: row.category as TagCategory, description: row.description });
}

export function toTagAssignment(row: ResidentTagRow, tag: Tag): TagAssignment {
  return Object.assign(new TagAssignment(), {
    tag,
    taggedAt: row.taggedAt,
    taggedBy: row.taggedBy,
    reason: row.reason,
    untaggedAt: row.untaggedAt,
    untaggedBy: row.untaggedBy,
    untagReason: row.untagReason,
  });
}
