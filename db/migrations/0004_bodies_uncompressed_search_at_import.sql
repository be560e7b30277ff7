DROP INDEX "messages_mailbox_idx";--> statement-breakpoint
DROP INDEX "messages_unindexed_idx";--> statement-breakpoint
-- Search vectors are now written by the import itself, and bodies stored without pglz (see db/schema/mail.ts).
ALTER TABLE "message_bodies" ALTER COLUMN "text_body" SET STORAGE EXTERNAL, ALTER COLUMN "html_body" SET STORAGE EXTERNAL;
