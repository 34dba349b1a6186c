-- Which transactions changed the facts the region statistics are computed from (shared/snapshot/present-snapshot.ts).
-- A statistics snapshot remembers the database snapshot it read (pg_current_snapshot()); it is exact while no
-- transaction recorded here is invisible to it. Each row names a resident the transaction touched, or null when it
-- cannot tell whom (then everything is read again). Statement-level triggers: one insert per statement, and
-- writers never wait on each other (unlike a shared counter row). Snapshot updates delete rows older than a day (at most hourly); a
-- snapshot whose last read is older than that is read whole again. Tables whose rows do not enter any statistic
-- (regions, households, venues: names and addresses) have no trigger.
--> statement-breakpoint
CREATE TABLE "health"."fact_changes" ("xid" xid8 NOT NULL, "resident_id" bigint, "at" timestamptz NOT NULL DEFAULT now());
--> statement-breakpoint
CREATE INDEX "fact_changes_xid_idx" ON "health"."fact_changes" ("xid");
--> statement-breakpoint
-- For tables whose rows are not about one resident, and for TRUNCATE: whom it touched is not known.
CREATE FUNCTION "health"."note_fact_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "health"."fact_changes" ("xid") VALUES (pg_current_xact_id());
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TABLE "population"."fact_changes" ("xid" xid8 NOT NULL, "resident_id" bigint, "at" timestamptz NOT NULL DEFAULT now());
--> statement-breakpoint
CREATE INDEX "fact_changes_xid_idx" ON "population"."fact_changes" ("xid");
--> statement-breakpoint
-- For tables whose rows are not about one resident, and for TRUNCATE: whom it touched is not known.
CREATE FUNCTION "population"."note_fact_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "population"."fact_changes" ("xid") VALUES (pg_current_xact_id());
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TABLE "permits"."fact_changes" ("xid" xid8 NOT NULL, "resident_id" bigint, "at" timestamptz NOT NULL DEFAULT now());
--> statement-breakpoint
CREATE INDEX "fact_changes_xid_idx" ON "permits"."fact_changes" ("xid");
--> statement-breakpoint
-- For tables whose rows are not about one resident, and for TRUNCATE: whom it touched is not known.
CREATE FUNCTION "permits"."note_fact_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "permits"."fact_changes" ("xid") VALUES (pg_current_xact_id());
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The residents a statement's rows are about: the column named by the trigger's argument (default resident_id;
-- rows without one, like unmatched samples, are about nobody yet).
CREATE FUNCTION "health"."note_resident_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text := CASE TG_OP WHEN 'INSERT' THEN 'SELECT %1$I FROM new_rows' WHEN 'DELETE' THEN 'SELECT %1$I FROM old_rows'
                  ELSE 'SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows' END;
BEGIN
  EXECUTE format('INSERT INTO "health"."fact_changes" ("xid", "resident_id") SELECT DISTINCT pg_current_xact_id(), %1$I FROM (' || touched || ') touched WHERE %1$I IS NOT NULL',
                 coalesce(TG_ARGV[0], 'resident_id'));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The residents a statement's rows are about: the column named by the trigger's argument (default resident_id;
-- rows without one, like unmatched samples, are about nobody yet).
CREATE FUNCTION "population"."note_resident_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text := CASE TG_OP WHEN 'INSERT' THEN 'SELECT %1$I FROM new_rows' WHEN 'DELETE' THEN 'SELECT %1$I FROM old_rows'
                  ELSE 'SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows' END;
BEGIN
  EXECUTE format('INSERT INTO "population"."fact_changes" ("xid", "resident_id") SELECT DISTINCT pg_current_xact_id(), %1$I FROM (' || touched || ') touched WHERE %1$I IS NOT NULL',
                 coalesce(TG_ARGV[0], 'resident_id'));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "people_inserted" AFTER INSERT ON "health"."people" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "people_updated" AFTER UPDATE ON "health"."people" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "people_deleted" AFTER DELETE ON "health"."people" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "people_truncated" AFTER TRUNCATE ON "health"."people" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "residence_periods_inserted" AFTER INSERT ON "health"."residence_periods" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "residence_periods_updated" AFTER UPDATE ON "health"."residence_periods" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "residence_periods_deleted" AFTER DELETE ON "health"."residence_periods" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "residence_periods_truncated" AFTER TRUNCATE ON "health"."residence_periods" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "exemptions_inserted" AFTER INSERT ON "health"."exemptions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "exemptions_updated" AFTER UPDATE ON "health"."exemptions" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "exemptions_deleted" AFTER DELETE ON "health"."exemptions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "exemptions_truncated" AFTER TRUNCATE ON "health"."exemptions" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "case_facts_inserted" AFTER INSERT ON "health"."case_facts" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "case_facts_updated" AFTER UPDATE ON "health"."case_facts" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "case_facts_deleted" AFTER DELETE ON "health"."case_facts" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "case_facts_truncated" AFTER TRUNCATE ON "health"."case_facts" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "quarantines_inserted" AFTER INSERT ON "health"."quarantines" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "quarantines_updated" AFTER UPDATE ON "health"."quarantines" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "quarantines_deleted" AFTER DELETE ON "health"."quarantines" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "quarantines_truncated" AFTER TRUNCATE ON "health"."quarantines" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "samples_inserted" AFTER INSERT ON "health"."samples" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "samples_updated" AFTER UPDATE ON "health"."samples" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "samples_deleted" AFTER DELETE ON "health"."samples" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "samples_truncated" AFTER TRUNCATE ON "health"."samples" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "doses_inserted" AFTER INSERT ON "health"."doses" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "doses_updated" AFTER UPDATE ON "health"."doses" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "doses_deleted" AFTER DELETE ON "health"."doses" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "doses_truncated" AFTER TRUNCATE ON "health"."doses" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "home_observations_inserted" AFTER INSERT ON "health"."home_observations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "home_observations_updated" AFTER UPDATE ON "health"."home_observations" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "home_observations_deleted" AFTER DELETE ON "health"."home_observations" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "home_observations_truncated" AFTER TRUNCATE ON "health"."home_observations" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "scans_inserted" AFTER INSERT ON "health"."scans" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "scans_updated" AFTER UPDATE ON "health"."scans" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "scans_deleted" AFTER DELETE ON "health"."scans" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "scans_truncated" AFTER TRUNCATE ON "health"."scans" FOR EACH STATEMENT EXECUTE FUNCTION "health"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "residents_inserted" AFTER INSERT ON "population"."residents" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"('id');
--> statement-breakpoint
CREATE TRIGGER "residents_updated" AFTER UPDATE ON "population"."residents" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"('id');
--> statement-breakpoint
CREATE TRIGGER "residents_deleted" AFTER DELETE ON "population"."residents" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"('id');
--> statement-breakpoint
CREATE TRIGGER "residents_truncated" AFTER TRUNCATE ON "population"."residents" FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "residencies_inserted" AFTER INSERT ON "population"."residencies" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "residencies_updated" AFTER UPDATE ON "population"."residencies" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "residencies_deleted" AFTER DELETE ON "population"."residencies" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "residencies_truncated" AFTER TRUNCATE ON "population"."residencies" FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "resident_tags_inserted" AFTER INSERT ON "population"."resident_tags" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "resident_tags_updated" AFTER UPDATE ON "population"."resident_tags" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "resident_tags_deleted" AFTER DELETE ON "population"."resident_tags" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_resident_changes"();
--> statement-breakpoint
CREATE TRIGGER "resident_tags_truncated" AFTER TRUNCATE ON "population"."resident_tags" FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "tags_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "population"."tags" FOR EACH STATEMENT EXECUTE FUNCTION "population"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "enterprises_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."enterprises" FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "enterprise_status_changes_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."enterprise_status_changes" FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "work_permits_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."work_permits" FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "permit_events_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permits"."permit_events" FOR EACH STATEMENT EXECUTE FUNCTION "permits"."note_fact_change"();
