CREATE TABLE "purge_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "purge_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"cutoff" timestamp with time zone,
	"deleted" integer DEFAULT 0 NOT NULL,
	"hidden" integer DEFAULT 0 NOT NULL,
	"kept_for_tasks" integer DEFAULT 0 NOT NULL,
	"attachments_freed" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "purge_runs" ADD CONSTRAINT "purge_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "purge_runs_org_created_idx" ON "purge_runs" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calendar_events_source_message_idx" ON "calendar_events" USING btree ("source_message_id");--> statement-breakpoint
CREATE INDEX "chats_message_idx" ON "chats" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "feed_posts_quoted_message_idx" ON "feed_posts" USING btree ("quoted_message_id");