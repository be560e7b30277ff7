CREATE TABLE "crm_activity_renders" (
	"activity_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"renderer_version" integer NOT NULL,
	"html" text NOT NULL,
	"as_text" boolean NOT NULL,
	"retry_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_renders" (
	"message_id" bigint NOT NULL,
	"org_id" uuid NOT NULL,
	"remote_images_allowed" boolean NOT NULL,
	"renderer_version" integer NOT NULL,
	"html" text NOT NULL,
	"placeholder_token" text,
	"blocked_images" integer NOT NULL,
	"has_remote_content" boolean NOT NULL,
	"truncated" boolean NOT NULL,
	"as_text" boolean NOT NULL,
	"retry_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_renders_message_id_remote_images_allowed_pk" PRIMARY KEY("message_id","remote_images_allowed")
);
--> statement-breakpoint
ALTER TABLE "crm_activity_renders" ADD CONSTRAINT "crm_activity_renders_activity_id_crm_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."crm_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_activity_renders" ADD CONSTRAINT "crm_activity_renders_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_renders" ADD CONSTRAINT "message_renders_message_id_message_bodies_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."message_bodies"("message_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_renders" ADD CONSTRAINT "message_renders_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;