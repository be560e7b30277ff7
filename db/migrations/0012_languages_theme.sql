ALTER TABLE "users" ALTER COLUMN "locale" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "locale" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "theme" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "browser_locale" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "last_error_problem" jsonb;--> statement-breakpoint
ALTER TABLE "outgoing_messages" ADD COLUMN "error_problem" jsonb;--> statement-breakpoint
-- Only English existed before, so nobody chose it: everyone follows their browser until they pick a language.
UPDATE "users" SET "locale" = NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_theme_check" CHECK ("theme" IN ('system', 'light', 'dark'));
