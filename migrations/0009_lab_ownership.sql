ALTER TABLE "health"."samples" ADD COLUMN "delivered_by" text;--> statement-breakpoint
ALTER TABLE "health"."ingest_batches" ADD COLUMN "delivered_by" text;