CREATE TABLE "thread_folders" (
	"folder_id" bigint NOT NULL,
	"thread_id" bigint NOT NULL,
	"org_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"latest_at" timestamp with time zone NOT NULL,
	"latest_message_id" bigint NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"answered" boolean DEFAULT false NOT NULL,
	"has_attachments" boolean DEFAULT false NOT NULL,
	"link_kinds" "message_link_kind"[] DEFAULT '{}'::message_link_kind[] NOT NULL,
	CONSTRAINT "thread_folders_folder_id_thread_id_pk" PRIMARY KEY("folder_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "thread_refs" (
	"org_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"message_id_header" text NOT NULL,
	"thread_id" bigint NOT NULL,
	CONSTRAINT "thread_refs_mailbox_id_message_id_header_pk" PRIMARY KEY("mailbox_id","message_id_header")
);
--> statement-breakpoint
CREATE TABLE "threads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "threads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"subject_key" text DEFAULT '' NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"latest_at" timestamp with time zone NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "mail_view" text DEFAULT 'conversations' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "thread_id" bigint;--> statement-breakpoint
ALTER TABLE "thread_folders" ADD CONSTRAINT "thread_folders_folder_id_mail_folders_id_fk" FOREIGN KEY ("folder_id") REFERENCES "public"."mail_folders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_folders" ADD CONSTRAINT "thread_folders_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_folders" ADD CONSTRAINT "thread_folders_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_folders" ADD CONSTRAINT "thread_folders_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_refs" ADD CONSTRAINT "thread_refs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_refs" ADD CONSTRAINT "thread_refs_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_refs" ADD CONSTRAINT "thread_refs_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "thread_folders_folder_latest_idx" ON "thread_folders" USING btree ("folder_id","latest_at" DESC NULLS LAST,"thread_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "thread_folders_thread_idx" ON "thread_folders" USING btree ("thread_id");--> statement-breakpoint
CREATE INDEX "thread_refs_thread_idx" ON "thread_refs" USING btree ("thread_id");--> statement-breakpoint
CREATE INDEX "threads_mailbox_subject_idx" ON "threads" USING btree ("mailbox_id","subject_key","latest_at");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_thread_idx" ON "messages" USING btree ("thread_id");--> statement-breakpoint
-- Concatenates arrays across rows: the union of a folder's link kinds without a subquery per group.
CREATE AGGREGATE array_cat_agg(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);
--> statement-breakpoint
-- Thread aggregates (lib/mail/threads). A message is listed when not hidden from webmail and still on the server.
-- Recomputes threads and thread_folders for the given threads from their messages. Threads left with no
-- message at all are deleted (their thread_refs go with them, so a later reply starts a new conversation
-- rather than joining an empty one); a thread whose messages are only hidden keeps its row. Every query is
-- driven from unnest(ids) into messages_thread_idx: during a first import the table grows faster than its
-- statistics, and a plan that scans messages per batch would make the import quadratic.
CREATE FUNCTION refresh_threads(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  -- Writers on one thread take turns, and each statement below takes a new snapshot after the lock: the
  -- second writer counts the first one's committed rows instead of overwriting them with stale figures.
  PERFORM 1 FROM threads WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;

  WITH a AS MATERIALIZED (
    SELECT u.id AS thread_id, s.*
    FROM (SELECT DISTINCT unnest(ids) AS id) u
    CROSS JOIN LATERAL (
      SELECT count(*) AS total,
        coalesce(min(m.received_at) FILTER (WHERE NOT m.hidden_from_webmail AND m.gone_from_server_at IS NULL), min(m.received_at)) AS first_at,
        coalesce(max(m.received_at) FILTER (WHERE NOT m.hidden_from_webmail AND m.gone_from_server_at IS NULL), max(m.received_at)) AS latest_at,
        count(*) FILTER (WHERE NOT m.hidden_from_webmail AND m.gone_from_server_at IS NULL)::int AS message_count,
        count(*) FILTER (WHERE NOT m.hidden_from_webmail AND m.gone_from_server_at IS NULL AND NOT m.seen)::int AS unread_count,
        -- Distinct senders (by address, or by name when there is none), in order of their first message, ten at most.
        (SELECT coalesce(jsonb_agg(jsonb_build_object('name', d.name, 'address', d.address) ORDER BY d.received_at, d.id), '[]'::jsonb)
         FROM (
           SELECT * FROM (
             SELECT DISTINCT ON (coalesce(nullif(lower(x.from_address), ''), 'name:' || x.from_name))
               coalesce(x.from_name, '') AS name, coalesce(x.from_address, '') AS address, x.received_at, x.id
             FROM messages x
             WHERE x.thread_id = u.id AND NOT x.hidden_from_webmail AND x.gone_from_server_at IS NULL
               AND (coalesce(x.from_address, '') <> '' OR coalesce(x.from_name, '') <> '')
             ORDER BY coalesce(nullif(lower(x.from_address), ''), 'name:' || x.from_name), x.received_at, x.id
           ) first_of_each ORDER BY first_of_each.received_at, first_of_each.id LIMIT 10
         ) d) AS participants
      FROM messages m WHERE m.thread_id = u.id
    ) s
  ), emptied AS (
    DELETE FROM threads t USING a WHERE t.id = a.thread_id AND a.total = 0
  )
  UPDATE threads t
  SET first_at = a.first_at, latest_at = a.latest_at, message_count = a.message_count,
    unread_count = a.unread_count, participants = a.participants
  FROM a
  WHERE t.id = a.thread_id AND a.total > 0
    AND (t.first_at, t.latest_at, t.message_count, t.unread_count, t.participants)
      IS DISTINCT FROM (a.first_at, a.latest_at, a.message_count, a.unread_count, a.participants);

  WITH g AS MATERIALIZED (
    SELECT f.*
    FROM (SELECT DISTINCT unnest(ids) AS id) u
    CROSS JOIN LATERAL (
      SELECT m.folder_id, m.thread_id, m.org_id, m.mailbox_id, max(m.received_at) AS latest_at,
        (array_agg(m.id ORDER BY m.received_at DESC, m.id DESC))[1] AS latest_message_id,
        count(*)::int AS message_count, count(*) FILTER (WHERE NOT m.seen)::int AS unread_count,
        bool_or(m.flagged) AS flagged, bool_or(m.answered) AS answered, bool_or(m.has_attachments) AS has_attachments,
        array_cat_agg(m.link_kinds) AS all_kinds
      FROM messages m
      WHERE m.thread_id = u.id AND NOT m.hidden_from_webmail AND m.gone_from_server_at IS NULL
      GROUP BY m.folder_id, m.thread_id, m.org_id, m.mailbox_id
    ) f
  ), stale AS (
    DELETE FROM thread_folders tf
    WHERE tf.thread_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM g WHERE g.folder_id = tf.folder_id AND g.thread_id = tf.thread_id)
  )
  INSERT INTO thread_folders AS tf (folder_id, thread_id, org_id, mailbox_id, latest_at, latest_message_id,
    message_count, unread_count, flagged, answered, has_attachments, link_kinds)
  SELECT g.folder_id, g.thread_id, g.org_id, g.mailbox_id, g.latest_at, g.latest_message_id, g.message_count,
    g.unread_count, g.flagged, g.answered, g.has_attachments,
    ARRAY(SELECT DISTINCT k FROM unnest(g.all_kinds) AS k ORDER BY k)
  FROM g
  ON CONFLICT (folder_id, thread_id) DO UPDATE SET latest_at = excluded.latest_at,
    latest_message_id = excluded.latest_message_id, message_count = excluded.message_count,
    unread_count = excluded.unread_count, flagged = excluded.flagged, answered = excluded.answered,
    has_attachments = excluded.has_attachments, link_kinds = excluded.link_kinds
  WHERE (tf.latest_at, tf.latest_message_id, tf.message_count, tf.unread_count, tf.flagged, tf.answered,
      tf.has_attachments, tf.link_kinds)
    IS DISTINCT FROM (excluded.latest_at, excluded.latest_message_id, excluded.message_count,
      excluded.unread_count, excluded.flagged, excluded.answered, excluded.has_attachments, excluded.link_kinds);
END $$;
--> statement-breakpoint
-- New rows are added to the aggregates from the transition table alone, without reading the threads' other
-- messages: an import batch costs what it inserts. Only a thread that gains a listed message dated before its
-- latest one (a parent after its reply, older mail imported after newer) is recomputed whole, since its
-- participants are kept in order of their first message.
CREATE FUNCTION messages_threads_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[] := ARRAY(SELECT DISTINCT thread_id FROM new_rows WHERE thread_id IS NOT NULL ORDER BY 1);
  redo bigint[];
BEGIN
  IF cardinality(ids) = 0 THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM threads WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;

  WITH d AS (
    SELECT n.thread_id,
      count(*) FILTER (WHERE NOT n.hidden_from_webmail AND n.gone_from_server_at IS NULL)::int AS listed,
      count(*) FILTER (WHERE NOT n.hidden_from_webmail AND n.gone_from_server_at IS NULL AND NOT n.seen)::int AS unread,
      min(n.received_at) FILTER (WHERE NOT n.hidden_from_webmail AND n.gone_from_server_at IS NULL) AS listed_first,
      max(n.received_at) FILTER (WHERE NOT n.hidden_from_webmail AND n.gone_from_server_at IS NULL) AS listed_latest,
      min(n.received_at) AS all_first, max(n.received_at) AS all_latest
    FROM new_rows n WHERE n.thread_id IS NOT NULL GROUP BY n.thread_id
  ), c AS MATERIALIZED (
    SELECT t.id, t.message_count, t.unread_count, t.first_at, t.latest_at, t.participants, d.*,
      t.message_count > 0 AND d.listed > 0 AND d.listed_first <= t.latest_at AS out_of_order
    FROM threads t JOIN d ON d.thread_id = t.id
  ), senders AS (
    -- Each new sender's first new message, unless the thread already lists that sender.
    SELECT s.*, row_number() OVER (PARTITION BY s.thread_id ORDER BY s.received_at, s.id) AS rank
    FROM (
      SELECT DISTINCT ON (x.thread_id, k.key) x.thread_id, k.key, coalesce(x.from_name, '') AS name,
        coalesce(x.from_address, '') AS address, x.received_at, x.id
      FROM new_rows x CROSS JOIN LATERAL (SELECT coalesce(nullif(lower(x.from_address), ''), 'name:' || x.from_name) AS key) k
      WHERE x.thread_id IS NOT NULL AND NOT x.hidden_from_webmail AND x.gone_from_server_at IS NULL
        AND (coalesce(x.from_address, '') <> '' OR coalesce(x.from_name, '') <> '')
      ORDER BY x.thread_id, k.key, x.received_at, x.id
    ) s
    JOIN c ON c.id = s.thread_id
    WHERE NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(c.participants) AS p
      WHERE coalesce(nullif(lower(p->>'address'), ''), 'name:' || (p->>'name')) = s.key)
  ), added AS (
    SELECT s.thread_id,
      jsonb_agg(jsonb_build_object('name', s.name, 'address', s.address) ORDER BY s.received_at, s.id) AS people
    FROM senders s JOIN c ON c.id = s.thread_id
    WHERE s.rank <= 10 - jsonb_array_length(c.participants)
    GROUP BY s.thread_id
  ), updated AS (
    UPDATE threads t
    SET message_count = c.message_count + c.listed,
      unread_count = c.unread_count + c.unread,
      -- Dates span the listed messages, or every message while none is listed.
      first_at = CASE WHEN c.listed > 0 AND c.message_count = 0 THEN c.listed_first
        WHEN c.listed > 0 THEN least(c.first_at, c.listed_first)
        WHEN c.message_count = 0 THEN least(c.first_at, c.all_first) ELSE c.first_at END,
      latest_at = CASE WHEN c.listed > 0 AND c.message_count = 0 THEN c.listed_latest
        WHEN c.listed > 0 THEN greatest(c.latest_at, c.listed_latest)
        WHEN c.message_count = 0 THEN greatest(c.latest_at, c.all_latest) ELSE c.latest_at END,
      participants = c.participants || coalesce(a.people, '[]'::jsonb)
    FROM c LEFT JOIN added a ON a.thread_id = c.id
    WHERE t.id = c.id AND NOT c.out_of_order
  )
  SELECT coalesce(array_agg(c.id), '{}') INTO redo FROM c WHERE c.out_of_order;

  WITH g AS (
    SELECT n.folder_id, n.thread_id, n.org_id, n.mailbox_id, max(n.received_at) AS latest_at,
      (array_agg(n.id ORDER BY n.received_at DESC, n.id DESC))[1] AS latest_message_id,
      count(*)::int AS message_count, count(*) FILTER (WHERE NOT n.seen)::int AS unread_count,
      bool_or(n.flagged) AS flagged, bool_or(n.answered) AS answered, bool_or(n.has_attachments) AS has_attachments,
      array_cat_agg(n.link_kinds) AS all_kinds
    FROM new_rows n
    WHERE n.thread_id IS NOT NULL AND NOT n.hidden_from_webmail AND n.gone_from_server_at IS NULL
      AND n.thread_id <> ALL(redo)
    GROUP BY n.folder_id, n.thread_id, n.org_id, n.mailbox_id
  )
  INSERT INTO thread_folders AS tf (folder_id, thread_id, org_id, mailbox_id, latest_at, latest_message_id,
    message_count, unread_count, flagged, answered, has_attachments, link_kinds)
  SELECT g.folder_id, g.thread_id, g.org_id, g.mailbox_id, g.latest_at, g.latest_message_id, g.message_count,
    g.unread_count, g.flagged, g.answered, g.has_attachments,
    ARRAY(SELECT DISTINCT k FROM unnest(g.all_kinds) AS k ORDER BY k)
  FROM g
  ON CONFLICT (folder_id, thread_id) DO UPDATE SET
    latest_at = greatest(tf.latest_at, excluded.latest_at),
    latest_message_id = CASE WHEN (excluded.latest_at, excluded.latest_message_id) > (tf.latest_at, tf.latest_message_id)
      THEN excluded.latest_message_id ELSE tf.latest_message_id END,
    message_count = tf.message_count + excluded.message_count,
    unread_count = tf.unread_count + excluded.unread_count,
    flagged = tf.flagged OR excluded.flagged, answered = tf.answered OR excluded.answered,
    has_attachments = tf.has_attachments OR excluded.has_attachments,
    link_kinds = ARRAY(SELECT DISTINCT k FROM unnest(tf.link_kinds || excluded.link_kinds) AS k ORDER BY k);

  PERFORM refresh_threads(redo);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION messages_threads_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_threads(ARRAY(SELECT DISTINCT thread_id FROM old_rows WHERE thread_id IS NOT NULL));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- PostgreSQL allows no column list (UPDATE OF …) on a trigger with transition tables, so this one fires for
-- every UPDATE of messages and looks for rows whose aggregated columns changed (body imports, search vectors
-- and the like touch none and cost one join of the transition tables).
CREATE FUNCTION messages_threads_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_threads(ARRAY(
    SELECT DISTINCT v.thread_id
    FROM old_rows o JOIN new_rows n ON n.id = o.id, LATERAL (VALUES (o.thread_id), (n.thread_id)) AS v(thread_id)
    WHERE v.thread_id IS NOT NULL
      AND (o.thread_id, o.folder_id, o.seen, o.flagged, o.answered, o.hidden_from_webmail, o.gone_from_server_at,
        o.received_at, o.link_kinds, o.has_attachments, o.from_address, o.from_name)
      IS DISTINCT FROM (n.thread_id, n.folder_id, n.seen, n.flagged, n.answered, n.hidden_from_webmail,
        n.gone_from_server_at, n.received_at, n.link_kinds, n.has_attachments, n.from_address, n.from_name)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER messages_threads_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_threads_inserted();
--> statement-breakpoint
CREATE TRIGGER messages_threads_update AFTER UPDATE ON messages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_threads_updated();
--> statement-breakpoint
CREATE TRIGGER messages_threads_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_threads_deleted();
--> statement-breakpoint
-- Same normalization as lib/mail/threads/normalize-subject.ts, close enough for what uses it: the backfill
-- below and the safety net for inserts that come without a thread.
CREATE FUNCTION thread_subject_key(subject text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(btrim(regexp_replace(regexp_replace(regexp_replace(normalize(coalesce(subject, ''), NFC), '\s+', ' ', 'g'),
    '^(\s*(\[[^\]]{0,80}\]|\(fwd\)|(re|fwd?|aw|wg|antw|antwort|tr|réf\.?|ref|rv|rif|r|i|enc|res|sv|vs|vb|fs|vl|doorst|odp|pd|ynt|ilt|απ|σχετ|пересл|回复|回覆|转发|轉寄|答复)\s*(\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]|réf\.\s))+\s*', '', 'i'),
    '\s*\(fwd\)$', '', 'i')))
$$;
--> statement-breakpoint
-- The sync gives every row its thread in the insert (lib/mail/threads/assign-threads.ts). Any other insert
-- (test factories, benchmark seeds, a future code path) gets one here instead of staying out of every
-- conversation list: the thread of a known id of the message, or a new one.
CREATE FUNCTION messages_thread_default() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  refs text[];
BEGIN
  refs := ARRAY(
    SELECT DISTINCT r FROM unnest(ARRAY[NEW.message_id_header, NEW.in_reply_to] || NEW.reference_ids) AS r
    WHERE r IS NOT NULL AND length(r) BETWEEN 3 AND 500);
  IF cardinality(refs) > 0 THEN
    SELECT tr.thread_id INTO NEW.thread_id FROM thread_refs tr
    WHERE tr.mailbox_id = NEW.mailbox_id AND tr.message_id_header = ANY(refs) ORDER BY tr.thread_id LIMIT 1;
  END IF;
  IF NEW.thread_id IS NULL THEN
    INSERT INTO threads (org_id, mailbox_id, subject_key, first_at, latest_at)
    VALUES (NEW.org_id, NEW.mailbox_id, thread_subject_key(NEW.subject), NEW.received_at, NEW.received_at)
    RETURNING id INTO NEW.thread_id;
  END IF;
  INSERT INTO thread_refs (org_id, mailbox_id, message_id_header, thread_id)
  SELECT NEW.org_id, NEW.mailbox_id, r, NEW.thread_id FROM unnest(refs) AS r
  ON CONFLICT (mailbox_id, message_id_header) DO NOTHING;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER messages_thread_default BEFORE INSERT ON messages
  FOR EACH ROW WHEN (NEW.thread_id IS NULL) EXECUTE FUNCTION messages_thread_default();
--> statement-breakpoint
-- Threads every message that has none: the backfill below, and bulk loads that bypass the triggers (bench
-- seeds run with session_replication_role = replica). Messages of one mailbox that share a root (the first
-- References entry, else In-Reply-To, else their own Message-ID) form one conversation; a message with none of
-- these is a conversation of its own. Thread ids are drawn first, so threads and messages are written in one
-- statement. Returns how many threads it made.
CREATE FUNCTION thread_unthreaded_messages() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  created bigint[];
BEGIN
  WITH roots AS (
    SELECT m.id, m.org_id, m.mailbox_id, m.received_at, m.subject,
      coalesce(m.reference_ids[1], m.in_reply_to, m.message_id_header, 'message:' || m.id) AS root
    FROM messages m WHERE m.thread_id IS NULL
  ), grouped AS MATERIALIZED (
    SELECT r.mailbox_id, r.root, nextval(pg_get_serial_sequence('threads', 'id')) AS thread_id,
      (array_agg(r.org_id))[1] AS org_id, min(r.received_at) AS first_at, max(r.received_at) AS latest_at,
      thread_subject_key((array_agg(r.subject ORDER BY r.received_at, r.id))[1]) AS subject_key
    FROM roots r GROUP BY r.mailbox_id, r.root
  ), made AS (
    INSERT INTO threads (id, org_id, mailbox_id, subject_key, first_at, latest_at) OVERRIDING SYSTEM VALUE
    SELECT g.thread_id, g.org_id, g.mailbox_id, g.subject_key, g.first_at, g.latest_at FROM grouped g
    RETURNING id
  ), linked AS (
    -- The statement-level trigger on messages fills the aggregates of these threads when triggers are on.
    UPDATE messages m SET thread_id = g.thread_id
    FROM roots r JOIN grouped g ON g.mailbox_id = r.mailbox_id AND g.root = r.root
    WHERE m.id = r.id
  )
  SELECT coalesce(array_agg(id), '{}') INTO created FROM made;

  INSERT INTO thread_refs (org_id, mailbox_id, message_id_header, thread_id)
  SELECT DISTINCT ON (s.mailbox_id, s.ref) s.org_id, s.mailbox_id, s.ref, s.thread_id
  FROM (
    SELECT m.org_id, m.mailbox_id, m.thread_id, m.id, x.ref, x.ref = m.message_id_header AS own
    FROM unnest(created) AS c(id)
    JOIN messages m ON m.thread_id = c.id
    CROSS JOIN LATERAL unnest(ARRAY[m.message_id_header, m.in_reply_to] || m.reference_ids) AS x(ref)
    WHERE x.ref IS NOT NULL AND length(x.ref) BETWEEN 3 AND 500
  ) s
  ORDER BY s.mailbox_id, s.ref, s.own DESC, s.id
  ON CONFLICT (mailbox_id, message_id_header) DO NOTHING;

  IF current_setting('session_replication_role') = 'replica' THEN
    PERFORM refresh_threads(created);
  END IF;
  RETURN cardinality(created);
END $$;
--> statement-breakpoint
-- Backfill: after this migration every message has a thread, and thread_folders is complete.
SELECT thread_unthreaded_messages();
