/**
 * Storage of the health subgraph, all in the Postgres schema `health`.
 * Facts owned elsewhere (who lives where, testing-exemption tags, cases,
 * quarantines) arrive as events and are kept here as periods, so every rule
 * and index can be evaluated at any past instant without reading another
 * subgraph's tables.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgSchema, smallint, text, timestamp, uniqueIndex, varchar, char } from 'drizzle-orm/pg-core';
import { eventCursorTable, outboxTable } from '../shared/events/outbox-table.js';

export const health = pgSchema('health');

export const tubeType = health.enum('tube_type', ['SINGLE', 'POOLED']);
export const testResult = health.enum('test_result', ['PENDING', 'NEGATIVE', 'POSITIVE', 'INVALID']);
export const vaccineProduct = health.enum('vaccine_product', ['SINOPHARM_BIBP', 'SINOVAC_CORONAVAC', 'CANSINO_AD5', 'ZF2001']);
export const outreachOutcome = health.enum('outreach_outcome', ['WILL_TEST', 'NOT_REACHABLE', 'AWAY', 'EXEMPT', 'REFUSED']);
export const codeColor = health.enum('code_color', ['GREEN', 'YELLOW', 'RED']);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ── Projections of other subgraphs' facts (written only by event consumers and the seed) ──

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
export const residencePeriods = health.table(
  'residence_periods',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    address: text('address').notNull(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at'),
  },
  (t) => [
    uniqueIndex('residence_periods_open_idx').on(t.residentId).where(sql`${t.endedAt} is null`),
    index('residence_periods_resident_id_idx').on(t.residentId, t.startedAt),
    index('residence_periods_community_code_idx').on(t.communityCode, t.startedAt),
    // The call list: current residents of a region in address order.
    index('residence_periods_open_address_idx').on(t.communityCode, t.address, t.residentId).where(sql`${t.endedAt} is null`),
  ],
);

/** Exemptions from routine testing: from the EXEMPT_FROM_TESTING tag (source TAG) or recorded here (source RECORD). */
export const exemptions = health.table(
  'exemptions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    reason: text('reason').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
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

// ── Health's own facts ──

/**
 * A nucleic-acid sample. resident_id is null while the identity number matches
 * nobody (an unmatched result, linked when that person is registered).
 */
export const samples = health.table(
  'samples',
  {
    barcode: varchar('barcode', { length: 32 }).primaryKey(),
    residentId: bigint('resident_id', { mode: 'number' }),
    idNumber: char('id_number', { length: 18 }).notNull(),
    sampledAt: instant('sampled_at').notNull(),
    tubeType: tubeType('tube_type').notNull(),
    poolBarcode: varchar('pool_barcode', { length: 32 }),
    result: testResult('result').notNull(),
    resultAt: instant('result_at'),
    site: text('site').notNull(),
    lab: text('lab').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    index('samples_resident_id_sampled_at_idx').on(t.residentId, t.sampledAt),
    index('samples_unmatched_id_number_idx').on(t.idNumber).where(sql`${t.residentId} is null`),
    index('samples_pool_barcode_idx').on(t.poolBarcode).where(sql`${t.poolBarcode} is not null`),
    index('samples_positive_idx').on(t.sampledAt).where(sql`${t.result} = 'POSITIVE'`),
    check('samples_pool_check', sql`(${t.tubeType} = 'POOLED') = (${t.poolBarcode} is not null)`),
    check('samples_result_check', sql`(${t.result} = 'PENDING') = (${t.resultAt} is null)`),
  ],
);

/** One lab delivery (API batch or file), keyed by the sender's idempotency key. */
export const ingestBatches = health.table('ingest_batches', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  /** Hash of the delivered rows: a key re-sent with other rows is refused. */
  requestHash: text('request_hash').notNull(),
  source: text('source').notNull(),
  /** STAGED (rows in ingest_staging, not merged yet) or MERGED. */
  status: text('status').notNull(),
  accepted: integer('accepted').notNull().default(0),
  unmatched: integer('unmatched').notNull().default(0),
  rejected: jsonb('rejected').notNull().default(sql`'[]'::jsonb`),
  receivedAt: instant('received_at').notNull().defaultNow(),
  mergedAt: instant('merged_at'),
});

/** Validated rows of a delivery waiting to be merged into samples. */
export const ingestStaging = health.table(
  'ingest_staging',
  {
    idempotencyKey: text('idempotency_key').notNull(),
    rowIndex: integer('row_index').notNull(),
    barcode: varchar('barcode', { length: 32 }).notNull(),
    idNumber: char('id_number', { length: 18 }).notNull(),
    sampledAt: instant('sampled_at').notNull(),
    tubeType: tubeType('tube_type').notNull(),
    poolBarcode: varchar('pool_barcode', { length: 32 }),
    result: testResult('result').notNull(),
    resultAt: instant('result_at'),
    site: text('site').notNull(),
    lab: text('lab').notNull(),
  },
  (t) => [index('ingest_staging_key_idx').on(t.idempotencyKey, t.rowIndex)],
);

/** A vaccine dose given to a resident. */
export const doses = health.table(
  'doses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    product: vaccineProduct('product').notNull(),
    doseNumber: smallint('dose_number').notNull(),
    administeredAt: instant('administered_at').notNull(),
    site: text('site').notNull(),
    batch: text('batch').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [uniqueIndex('doses_resident_dose_idx').on(t.residentId, t.doseNumber), index('doses_administered_at_idx').on(t.administeredAt)],
);

/** Home health observation: active from start until ended (by hand) or its planned end. */
export const homeObservations = health.table(
  'home_observations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    startedAt: instant('started_at').notNull(),
    plannedEndAt: instant('planned_end_at').notNull(),
    endedAt: instant('ended_at'),
    /** What started it: 'manual:<viewer>' or 'discharge:<case id>' (unique, so a replayed event starts nothing new). */
    source: text('source').notNull(),
  },
  (t) => [index('home_observations_resident_id_idx').on(t.residentId, t.startedAt), uniqueIndex('home_observations_source_idx').on(t.source)],
);

/** A call or visit by a community worker to get a resident tested. */
export const outreach = health.table(
  'outreach',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    outcome: outreachOutcome('outcome').notNull(),
    note: text('note'),
    contactedAt: instant('contacted_at').notNull(),
    contactedBy: text('contacted_by').notNull(),
  },
  (t) => [index('outreach_resident_id_idx').on(t.residentId, t.contactedAt)],
);

/** A place with a venue (place) code that people scan on entry. */
export const venues = health.table(
  'venues',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 32 }).notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    communityCode: varchar('community_code', { length: 12 }).notNull(),
  },
  (t) => [uniqueIndex('venues_code_idx').on(t.code), index('venues_community_code_idx').on(t.communityCode)],
);

/** A venue-code scan and the health-code colour the resident showed. */
export const scans = health.table(
  'scans',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    residentId: bigint('resident_id', { mode: 'number' }).notNull(),
    venueId: bigint('venue_id', { mode: 'number' }).notNull().references(() => venues.id),
    scannedAt: instant('scanned_at').notNull(),
    colorShown: codeColor('color_shown').notNull(),
  },
  (t) => [
    index('scans_venue_id_scanned_at_idx').on(t.venueId, t.scannedAt),
    index('scans_resident_id_scanned_at_idx').on(t.residentId, t.scannedAt),
    index('scans_abnormal_idx').on(t.scannedAt).where(sql`${t.colorShown} <> 'GREEN'`),
  ],
);

/** How far each of health's event consumers has read its producer's outbox. */
export const eventCursors = eventCursorTable(health);

/** Facts health publishes: individual positive results (the cases subgraph opens a case for each). */
export const outbox = outboxTable(health);

export type SampleRow = typeof samples.$inferSelect;
export type DoseRow = typeof doses.$inferSelect;
export type HomeObservationRow = typeof homeObservations.$inferSelect;
export type OutreachRow = typeof outreach.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;
export type ScanRow = typeof scans.$inferSelect;
