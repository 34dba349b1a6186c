/**
 * Storage of the population subgraph, all in the Postgres schema `population`.
 * Time-varying facts are kept as periods (started/ended, tagged/untagged) so
 * that any index can be computed exactly for any past instant.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  date,
  index,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  varchar,
  check,
} from 'drizzle-orm/pg-core';
import { eventCursorTable, outboxTable } from '../shared/events/outbox-table.js';

export const population = pgSchema('population');

export const regionLevel = population.enum('region_level', ['DISTRICT', 'TOWN', 'COMMUNITY']);
export const gender = population.enum('gender', ['MALE', 'FEMALE']);
export const residencyType = population.enum('residency_type', ['REGISTERED', 'FLOATING', 'OVERSEAS']);
export const tagCategory = population.enum('tag_category', ['SPECIAL_CARE', 'OCCUPATION', 'TRAVEL', 'EPIDEMIC_PREVENTION']);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The administrative tree: district (6 digits) → town (9) → community (12). */
export const regions = population.table(
  'regions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: regionLevel('level').notNull(),
    parentCode: varchar('parent_code', { length: 12 }).references((): any => regions.code),
  },
  (t) => [index('regions_parent_code_idx').on(t.parentCode)],
);

export const households = population.table(
  'households',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    communityCode: varchar('community_code', { length: 12 }).notNull().references(() => regions.code),
    address: text('address').notNull(),
  },
  (t) => [index('households_community_code_idx').on(t.communityCode)],
);

/** Who a person is; where and how they live is in `residencies`. */
export const residents = population.table(
  'residents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    gender: gender('gender').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    idNumber: char('id_number', { length: 18 }).notNull(),
    phone: char('phone', { length: 11 }).notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('residents_id_number_idx').on(t.idNumber),
    // Suffix search ("the last digits of an identity number or phone") as a prefix search on the reversed text.
    index('residents_id_number_reversed_idx').on(sql`reverse(${t.idNumber}) text_pattern_ops`),
    index('residents_phone_reversed_idx').on(sql`reverse(${t.phone}) text_pattern_ops`),
    index('residents_name_idx').on(sql`${t.name} text_pattern_ops`),
    index('residents_birth_date_idx').on(t.birthDate),
  ],
);

/**
 * A period during which a resident lived in one community and household with
 * one residency type. The open period (ended_at null) is the current one; a
 * resident without one has moved out.
 */
export const residencies = population.table(
  'residencies',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull().references(() => residents.id),
    communityCode: varchar('community_code', { length: 12 }).notNull().references(() => regions.code),
    householdId: bigint('household_id', { mode: 'number' }).notNull().references(() => households.id),
    address: text('address').notNull(),
    residencyType: residencyType('residency_type').notNull(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at'),
    /** Why the period ended: MOVED_OUT of the district, DECEASED (a case closed by death), or CHANGED (a new period follows). */
    endReason: text('end_reason'),
    /**
     * An earlier moved-in instant the registration stated: kept and shown, never counted. Registration is an
     * administrative fact: it holds from when it was recorded (started_at), so past numbers do not move.
     */
    statedStartedAt: instant('stated_started_at'),
    /** An earlier moved-out instant the move-out stated: kept and shown, never counted (ended_at is when it was recorded). */
    statedEndedAt: instant('stated_ended_at'),
  },
  (t) => [
    uniqueIndex('residencies_open_resident_id_idx').on(t.residentId).where(sql`${t.endedAt} is null`),
    index('residencies_resident_id_idx').on(t.residentId, t.startedAt),
    index('residencies_community_code_idx').on(t.communityCode, t.startedAt),
    index('residencies_open_address_idx').on(t.communityCode, t.address, t.residentId).where(sql`${t.endedAt} is null`),
    index('residencies_household_id_idx').on(t.householdId),
    check('residencies_period_check', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`),
  ],
);

export const tags = population.table('tags', {
  code: varchar('code', { length: 64 }).primaryKey(),
  name: text('name').notNull(),
  category: tagCategory('category').notNull(),
  description: text('description').notNull(),
});

/** Tagging history: who tagged a resident, when and why, and when and why it ended. */
export const residentTags = population.table(
  'resident_tags',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull().references(() => residents.id),
    tagCode: varchar('tag_code', { length: 64 }).notNull().references(() => tags.code),
    taggedAt: instant('tagged_at').notNull(),
    taggedBy: text('tagged_by').notNull(),
    reason: text('reason').notNull(),
    untaggedAt: instant('untagged_at'),
    untaggedBy: text('untagged_by'),
    untagReason: text('untag_reason'),
  },
  (t) => [
    uniqueIndex('resident_tags_active_idx').on(t.residentId, t.tagCode).where(sql`${t.untaggedAt} is null`),
    index('resident_tags_resident_id_idx').on(t.residentId, t.taggedAt),
    index('resident_tags_tag_code_idx').on(t.tagCode, t.residentId).where(sql`${t.untaggedAt} is null`),
  ],
);

/** Facts other subgraphs learn about (resident registered, residency changed, moved out, tagged). */
export const outbox = outboxTable(population);

/** How far population's consumer of the cases outbox (deaths end residency) has read. */
export const eventCursors = eventCursorTable(population);

export type RegionRow = typeof regions.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;
export type ResidentRow = typeof residents.$inferSelect;
export type ResidencyRow = typeof residencies.$inferSelect;
export type TagRow = typeof tags.$inferSelect;
export type ResidentTagRow = typeof residentTags.$inferSelect;
