ALTER TABLE "messages" ADD COLUMN "gone_from_server_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "header_digest" text;