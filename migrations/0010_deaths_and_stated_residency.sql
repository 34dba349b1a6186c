CREATE TABLE "population"."event_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "population"."residencies" ADD COLUMN "stated_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "population"."residencies" ADD COLUMN "stated_ended_at" timestamp with time zone;