ALTER TABLE "health"."exemptions" ADD COLUMN "effective_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health"."exemptions" ADD COLUMN "effective_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health"."home_observations" ADD COLUMN "effective_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "health"."home_observations" ADD COLUMN "effective_until" timestamp with time zone;