ALTER TABLE "health"."exemptions" ADD COLUMN "stated_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health"."exemptions" ADD COLUMN "stated_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health"."home_observations" ADD COLUMN "stated_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health"."home_observations" ADD COLUMN "stated_until" timestamp with time zone;