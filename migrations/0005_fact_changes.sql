-- Which transactions changed the facts the region statistics are computed from. A statistics snapshot
-- remembers the database snapshot it read (pg_current_snapshot()); it is still exact while no
-- transaction recorded here is invisible to that snapshot. One row per writing transaction, written by
-- statement-level triggers: writers never wait on each other (unlike a shared counter row).
CREATE TABLE "health"."fact_changes" ("xid" xid8 PRIMARY KEY);
--> statement-breakpoint
CREATE FUNCTION "health"."note_fact_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "health"."fact_changes" VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TABLE "population"."fact_changes" ("xid" xid8 PRIMARY KEY);
--> statement-breakpoint
CREATE FUNCTION "population"."note_fact_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "population"."fact_changes" VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "people_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."people"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "residence_periods_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."residence_periods"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "exemptions_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."exemptions"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "case_facts_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."case_facts"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "quarantines_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."quarantines"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "samples_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."samples"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "doses_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."doses"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "home_observations_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."home_observations"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "venues_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."venues"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "scans_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "health"."scans"
  FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "regions_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "population"."regions"
  FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "households_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "population"."households"
  FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "residents_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "population"."residents"
  FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "residencies_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "population"."residencies"
  FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "tags_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "population"."tags"
  FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "resident_tags_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "population"."resident_tags"
  FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TABLE "permits"."fact_changes" ("xid" xid8 PRIMARY KEY);
--> statement-breakpoint
CREATE FUNCTION "permits"."note_fact_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "permits"."fact_changes" VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "enterprises_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."enterprises"
  FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "enterprise_status_changes_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."enterprise_status_changes"
  FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "work_permits_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."work_permits"
  FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "permit_events_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."permit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
