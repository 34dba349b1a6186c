-- The case indexes' present from a live snapshot, like the other subgraphs' (migration 0005,
-- shared/snapshot/present-snapshot.ts): every transaction that writes a table the case indexes are computed from
-- records itself here. Cases are few, so no row names a resident: any change reads the snapshot whole again.
--> statement-breakpoint
CREATE TABLE "cases"."fact_changes" ("xid" xid8 NOT NULL, "resident_id" bigint, "at" timestamptz NOT NULL DEFAULT now());
--> statement-breakpoint
CREATE INDEX "fact_changes_xid_idx" ON "cases"."fact_changes" ("xid");
--> statement-breakpoint
CREATE FUNCTION "cases"."note_fact_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "cases"."fact_changes" ("xid") VALUES (pg_current_xact_id());
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "positive_cases_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cases"."positive_cases" FOR EACH STATEMENT EXECUTE FUNCTION "cases"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "case_events_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cases"."case_events" FOR EACH STATEMENT EXECUTE FUNCTION "cases"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "facilities_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cases"."facilities" FOR EACH STATEMENT EXECUTE FUNCTION "cases"."note_fact_change"();
--> statement-breakpoint
CREATE TRIGGER "close_contacts_fact_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cases"."close_contacts" FOR EACH STATEMENT EXECUTE FUNCTION "cases"."note_fact_change"();
