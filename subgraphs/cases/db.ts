/**
 * Storage of the cases subgraph, in the Postgres schema `cases`: positive
 * cases with an append-only timeline, facilities, close contacts, and the
 * cases subgraph's projection of where residents lived when (from population
 * events: a case counts in the community at report, a close contact where
 * they live at the instant).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { eventCursorTable, outboxTable } from '../shared/events/outbox-table.js';
import { residencePeriodsTable } from '../shared/residence/residence-periods-table.js';

export const cases = pgSchema('cases');

export const caseStatus = cases.enum('case_status', ['REPORTED', 'TRANSFERRED', 'DISCHARGED', 'DECEASED']);
export const caseClassification = cases.enum('case_classification', ['ASYMPTOMATIC', 'MILD', 'MODERATE', 'SEVERE', 'CRITICAL']);
export const facilityType = cases.enum('facility_type', ['MAKESHIFT_HOSPITAL', 'DESIGNATED_HOSPITAL', 'HOME_ISOLATION']);
export const contactStatus = cases.enum('contact_status', ['QUARANTINED', 'RELEASED', 'CONVERTED_TO_CASE']);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Where each resident lived when, from population events: the community at a case's report, a contact's at any instant. */
export const residencePeriods = residencePeriodsTable(cases);

export const facilities = cases.table(
  'facilities',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    type: facilityType('type').notNull(),
    capacity: integer('capacity').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
  },
  (t) => [index('facilities_type_idx').on(t.type, t.communityCode), check('facilities_capacity_check', sql`${t.capacity} >= 0`)],
);

export const positiveCases = cases.table(
  'positive_cases',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    /** The community the resident lived in when the case was reported: the case counts there for ever. */
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    /** The sample that made the case (null for a case reported by hand without one); unique: one case per positive sample. */
    sourceBarcode: varchar('source_barcode', { length: 32 }),
    /** When the case holds from: when it was recorded, or a lab-opened case's result-at (a lab fact). */
    reportedAt: instant('reported_at').notNull(),
    /** An earlier report instant the reporter gave: stored and shown, never counted from (domain.md "Time"). */
    statedReportedAt: instant('stated_reported_at'),
    /** Cache of the timeline's latest classification and status, written in the same transaction as the event. */
    classification: caseClassification('classification').notNull(),
    status: caseStatus('status').notNull(),
    facilityId: bigint('facility_id', { mode: 'number' }).references(() => facilities.id),
    dischargedAt: instant('discharged_at'),
  },
  (t) => [
    index('positive_cases_resident_id_idx').on(t.residentId),
    index('positive_cases_community_code_idx').on(t.communityCode, t.reportedAt),
    index('positive_cases_status_idx').on(t.status, t.communityCode),
    index('positive_cases_facility_idx').on(t.facilityId).where(sql`${t.status} = 'TRANSFERRED'`),
    uniqueIndex('positive_cases_source_barcode_idx').on(t.sourceBarcode),
  ],
);

/**
 * The timeline: every change of a case, append-only (a trigger refuses
 * updates and deletes). Statuses, facilities and classifications at any past
 * instant are read from here.
 */
export const caseEvents = cases.table(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => positiveCases.id),
    at: instant('at').notNull(),
    /** REPORTED, TRANSFERRED, DISCHARGED, DECEASED, RECLASSIFIED, NOTE… */
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    /** Status, facility and classification after this event (so a past instant needs one row). */
    status: caseStatus('status').notNull(),
    facilityId: bigint('facility_id', { mode: 'number' }).references(() => facilities.id),
    classification: caseClassification('classification').notNull(),
    data: jsonb('data'),
  },
  (t) => [index('case_events_case_id_idx').on(t.caseId, t.at, t.id), index('case_events_at_idx').on(t.at)],
);

export const closeContacts = cases.table(
  'close_contacts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => positiveCases.id),
    exposureDate: date('exposure_date', { mode: 'string' }).notNull(),
    /** When the quarantine holds from: when it was recorded. */
    quarantineStartsAt: instant('quarantine_starts_at').notNull(),
    /** An earlier start the tracer gave: stored and shown (the planned end counts from it), never counted from. */
    statedQuarantineStartsAt: instant('stated_quarantine_starts_at'),
    quarantineEndsAt: instant('quarantine_ends_at').notNull(),
    status: contactStatus('status').notNull(),
    /** When released early or converted to a case (null while quarantined as planned). */
    endedAt: instant('ended_at'),
    convertedCaseId: bigint('converted_case_id', { mode: 'number' }).references(() => positiveCases.id),
    addedBy: text('added_by').notNull(),
  },
  (t) => [
    index('close_contacts_case_id_idx').on(t.caseId),
    index('close_contacts_resident_id_idx').on(t.residentId),
    uniqueIndex('close_contacts_case_resident_idx').on(t.caseId, t.residentId),
    check('close_contacts_period_check', sql`${t.quarantineEndsAt} > ${t.quarantineStartsAt}`),
  ],
);

/** Facts cases publishes (contracts in shared/events/contracts.ts): health consumes them for codes and home observation. */
export const outbox = outboxTable(cases);

/** How far the cases subgraph's consumers (population projection, health's positive results) have read. */
export const eventCursors = eventCursorTable(cases);

export type PositiveCaseRow = typeof positiveCases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type FacilityRow = typeof facilities.$inferSelect;
export type CloseContactRow = typeof closeContacts.$inferSelect;
