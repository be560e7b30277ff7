CREATE TYPE "public"."message_link_kind" AS ENUM('task', 'crm', 'calendar', 'chat', 'feed');--> statement-breakpoint
CREATE TABLE "message_links" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "message_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"message_id" bigint NOT NULL,
	"kind" "message_link_kind" NOT NULL,
	"target_id" text NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_usage" (
	"org_id" uuid NOT NULL,
	"month" date NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "outgoing_usage_org_id_month_pk" PRIMARY KEY("org_id","month")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "link_kinds" "message_link_kind"[] DEFAULT '{}'::message_link_kind[] NOT NULL;--> statement-breakpoint
ALTER TABLE "message_links" ADD CONSTRAINT "message_links_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_links" ADD CONSTRAINT "message_links_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_links" ADD CONSTRAINT "message_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_usage" ADD CONSTRAINT "outgoing_usage_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "message_links_message_kind_target_key" ON "message_links" USING btree ("message_id","kind","target_id");--> statement-breakpoint
CREATE INDEX "message_links_target_idx" ON "message_links" USING btree ("org_id","kind","target_id");