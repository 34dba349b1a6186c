/**
 * Projections of other subgraphs' facts (who lives where, testing-exemption
 * tags, cases, quarantines), written only by event consumers and the seed.
 * Kept as periods, so every rule and index can be evaluated at any past
 * instant without reading another subgraph's tables.
 */
import { sql } from 'drizzle-orm';
import { bigint, char, date, index, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { residencePeriodsTable } from '../../shared/residence/residence-periods-table.js';
import { health, instant } from './schema.js';

/** Who a resident is, as far as health needs: identity number (to match lab rows) and birth date (age-based indexes). */
export const people = health.table(
  'people',
  {
    residentId: bigint('resident_id', { mode: 'number' }).primaryKey(),
    idNumber: char('id_number', { length: 18 }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('people_id_number_idx').on(t.idNumber)],
);

/** Where a resident lived when: the population subgraph's residency periods, as events told them. */
export const residencePeriods = residencePeriodsTable(health);

/** Exemptions from routine testing: from the EXEMPT_FROM_TESTING tag (source TAG) or recorded here (source RECORD). */
export const exemptions = health.table(
  'exemptions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    reason: text('reason').notNull(),
    /** From when it holds: never before it was recorded (domain.md, "Time"). */
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
    /** The start the command stated, kept to show (null: none stated, startsAt); may be earlier than startsAt. */
    statedFrom: instant('stated_from'),
    /** The end the command stated (recordExemption's until, endExemption's at), kept to show; may be earlier than endsAt. */
    statedUntil: instant('stated_until'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('exemptions_resident_id_idx').on(t.residentId, t.startsAt),
    uniqueIndex('exemptions_open_tag_idx').on(t.residentId).where(sql`${t.source} = 'TAG' and ${t.endsAt} is null`),
  ],
);

/** Positive cases, from the cases subgraph's events: active from report until discharge or death. */
export const caseFacts = health.table(
  'case_facts',
  {
    caseId: bigint('case_id', { mode: 'number' }).primaryKey(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    activeFrom: instant('active_from').notNull(),
    activeUntil: instant('active_until'),
  },
  (t) => [index('case_facts_resident_id_idx').on(t.residentId)],
);

/** Close-contact quarantines, from the cases subgraph's events. */
export const quarantines = health.table(
  'quarantines',
  {
    contactId: bigint('contact_id', { mode: 'number' }).primaryKey(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    releasedAt: instant('released_at'),
  },
  (t) => [index('quarantines_resident_id_idx').on(t.residentId)],
);
