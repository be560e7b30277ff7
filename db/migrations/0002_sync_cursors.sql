ALTER TABLE "attachments" ALTER COLUMN "part_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_folders" ADD COLUMN "import_cursor_uid" bigint;--> statement-breakpoint
ALTER TABLE "mail_folders" ADD COLUMN "import_completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_folders" ADD COLUMN "import_floor" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "sync_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "last_sync_stats" jsonb;--> statement-breakpoint
CREATE INDEX "messages_unindexed_idx" ON "messages" USING btree ("mailbox_id") WHERE "messages"."search_vector" is null;--> statement-breakpoint
CREATE INDEX "messages_mailbox_message_id_idx" ON "messages" USING btree ("mailbox_id","message_id_header");