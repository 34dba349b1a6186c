-- A case's timeline is history: never edited, never deleted. The application only inserts; this makes it a rule of the database.
CREATE FUNCTION "cases"."refuse_timeline_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cases.case_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "case_events_append_only" BEFORE UPDATE OR DELETE ON "cases"."case_events"
  FOR EACH ROW EXECUTE FUNCTION "cases"."refuse_timeline_change"();
