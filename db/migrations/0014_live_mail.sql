CREATE TABLE "mail_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mail_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"folder_id" bigint,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_notification_subscriptions" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_notification_subscriptions_user_id_mailbox_id_pk" PRIMARY KEY("user_id","mailbox_id")
);
--> statement-breakpoint
CREATE TABLE "mailbox_idle_leases" (
	"mailbox_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"worker_id" text NOT NULL,
	"imap_host" text NOT NULL,
	"mode" text DEFAULT 'idle' NOT NULL,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_events" ADD CONSTRAINT "mail_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_events" ADD CONSTRAINT "mail_events_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_notification_subscriptions" ADD CONSTRAINT "mail_notification_subscriptions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_notification_subscriptions" ADD CONSTRAINT "mail_notification_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_notification_subscriptions" ADD CONSTRAINT "mail_notification_subscriptions_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_idle_leases" ADD CONSTRAINT "mailbox_idle_leases_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_idle_leases" ADD CONSTRAINT "mailbox_idle_leases_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_events_mailbox_idx" ON "mail_events" USING btree ("mailbox_id","id");--> statement-breakpoint
CREATE INDEX "mail_events_created_idx" ON "mail_events" USING btree ("created_at");--> statement-breakpoint
-- Live mail (issue 20): statement-level triggers turn every write to messages and mail_folders into a few
-- mail_events rows, one per (mailbox, folder, kind) the statement touched, never one per row: an import batch of
-- 500 messages is one event. Each row is announced with NOTIFY mail_events '<id>:<mailbox>:<folder>:<kind>', a
-- small payload; lib/live fans it out to the browsers after checking each reader's access. created_at keeps its
-- default now() (the transaction's start, as messages.created_at): the new-mail notice finds its messages by it.
-- Rows are joined to mailboxes so that removing a mailbox (whose cascade deletes its messages) writes no event
-- that would point at the mailbox being deleted.
CREATE FUNCTION mail_events_emit(p_kind text, p_rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ev record;
BEGIN
  FOR ev IN
    INSERT INTO mail_events (org_id, mailbox_id, folder_id, kind)
    SELECT m.org_id, m.id, (r->>'f')::bigint, p_kind
    FROM jsonb_array_elements(p_rows) r JOIN mailboxes m ON m.id = (r->>'m')::uuid
    RETURNING id, mailbox_id, folder_id, kind
  LOOP
    PERFORM pg_notify('mail_events', ev.id || ':' || ev.mailbox_id || ':' || coalesce(ev.folder_id::text, '') || ':' || ev.kind);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE FUNCTION messages_live_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('m', mailbox_id, 'f', folder_id)) INTO touched FROM (
    SELECT DISTINCT mailbox_id, folder_id FROM new_rows WHERE NOT hidden_from_webmail AND gone_from_server_at IS NULL
  ) s;
  IF touched IS NOT NULL THEN PERFORM mail_events_emit('new', touched); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Only columns a reader sees count: the sync's bookkeeping (modseq, bodies, search vectors, the uid moves of a
-- rebuild) writes no event. A move touches both folders.
CREATE FUNCTION messages_live_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('m', mailbox_id, 'f', folder_id)) INTO touched FROM (
    SELECT DISTINCT n.mailbox_id, f.folder_id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (n.folder_id), (o.folder_id)) AS f(folder_id)
    WHERE (n.seen, n.flagged, n.answered, n.folder_id, n.hidden_from_webmail, n.gone_from_server_at, n.link_kinds, n.thread_id)
      IS DISTINCT FROM (o.seen, o.flagged, o.answered, o.folder_id, o.hidden_from_webmail, o.gone_from_server_at, o.link_kinds, o.thread_id)
  ) s;
  IF touched IS NOT NULL THEN PERFORM mail_events_emit('changed', touched); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION messages_live_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('m', mailbox_id, 'f', folder_id)) INTO touched FROM (
    SELECT DISTINCT mailbox_id, folder_id FROM old_rows
  ) s;
  IF touched IS NOT NULL THEN PERFORM mail_events_emit('removed', touched); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The folder pane: folders appearing, going, renamed, or switched on and off for sync (not the sync's cursors).
CREATE FUNCTION mail_folders_live_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(DISTINCT jsonb_build_object('m', mailbox_id)) INTO touched FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(DISTINCT jsonb_build_object('m', mailbox_id)) INTO touched FROM old_rows;
  ELSE
    SELECT jsonb_agg(DISTINCT jsonb_build_object('m', n.mailbox_id)) INTO touched
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.name, n.path, n.special_use, n.sync_enabled) IS DISTINCT FROM (o.name, o.path, o.special_use, o.sync_enabled);
  END IF;
  IF touched IS NOT NULL THEN PERFORM mail_events_emit('folders', touched); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER messages_live_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_live_insert();
--> statement-breakpoint
CREATE TRIGGER messages_live_update AFTER UPDATE ON messages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_live_update();
--> statement-breakpoint
CREATE TRIGGER messages_live_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_live_delete();
--> statement-breakpoint
CREATE TRIGGER mail_folders_live_insert AFTER INSERT ON mail_folders REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mail_folders_live_change();
--> statement-breakpoint
CREATE TRIGGER mail_folders_live_update AFTER UPDATE ON mail_folders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mail_folders_live_change();
--> statement-breakpoint
CREATE TRIGGER mail_folders_live_delete AFTER DELETE ON mail_folders REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mail_folders_live_change();
