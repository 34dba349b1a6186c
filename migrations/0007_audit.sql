CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE TABLE "audit"."events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	"region" varchar(12) NOT NULL,
	"action" text NOT NULL,
	"operation_name" text,
	"fields" text[] NOT NULL,
	"resident_ids" bigint[] NOT NULL,
	"purpose" varchar(200),
	CONSTRAINT "events_action_check" CHECK ("audit"."events"."action" in ('READ_PERSONAL', 'CHANGE'))
);
--> statement-breakpoint
CREATE INDEX "events_at_idx" ON "audit"."events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "events_actor_idx" ON "audit"."events" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "events_resident_ids_idx" ON "audit"."events" USING gin ("resident_ids");