/** Health's own facts: samples, vaccine doses, home observation, outreach, venues and scans. */
import { sql } from 'drizzle-orm';
import { bigint, check, index, smallint, text, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { codeColor, health, instant, labRowColumns, outreachOutcome, vaccineProduct } from './schema.js';

/**
 * A nucleic-acid sample. resident_id is null while the identity number matches
 * nobody (an unmatched result, linked when that person is registered).
 */
export const samples = health.table(
  'samples',
  {
    barcode: varchar('barcode', { length: 32 }).primaryKey(),
    residentId: bigint('resident_id', { mode: 'number' }),
    ...labRowColumns(),
    receivedAt: instant('received_at').notNull().defaultNow(),
    /** The LAB_PARTNER credential (token sub) that first delivered the sample: only it may change it; null for the district's own deliveries. */
    deliveredBy: text('delivered_by'),
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
    /** From when it holds: never before it was recorded (domain.md, "Time"). */
    startedAt: instant('started_at').notNull(),
    plannedEndAt: instant('planned_end_at').notNull(),
    endedAt: instant('ended_at'),
    /** The start the command stated, kept to show (null: none stated, startedAt); may be earlier than startedAt. */
    statedFrom: instant('stated_from'),
    /** The end endHomeObservation stated, kept to show; may be earlier than endedAt. */
    statedUntil: instant('stated_until'),
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

export type SampleRow = typeof samples.$inferSelect;
export type DoseRow = typeof doses.$inferSelect;
export type HomeObservationRow = typeof homeObservations.$inferSelect;
export type OutreachRow = typeof outreach.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;
export type ScanRow = typeof scans.$inferSelect;
