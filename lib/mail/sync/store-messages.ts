import { and, eq, inArray, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { DbOrTx } from '@/db/client';
import { attachments, messages, type MailFolder, type Mailbox } from '@/db/schema';
import { assignThreads } from '../threads/assign-threads';
import { applyFlagChanges, flagColumns } from './apply-flag-changes';
import type { FetchedMessage } from './fetch-batch';
import type { RelinkPool } from './relink-pool';

// A statement takes at most 65,535 parameters; four per body.
const BODY_ROWS_PER_STATEMENT = 1_000;

export type StoreResult = { inserted: number; relinked: number };

/**
 * Stores fetched messages of one folder with multi-row inserts. A message that is a row which left its old
 * place (moved by another client, a folder renamed or rebuilt after a UIDVALIDITY change) takes over that row
 * with every flag and keyword, so its id, links, work and conversation survive and nothing looks new. UIDs the folder
 * already holds (a sync cut short stored them, or a move in Mailroom put them there) only take the server's flags.
 */
export async function storeMessages(
  db: DbOrTx,
  client: pg.ClientBase,
  options: {
    mailbox: Mailbox;
    folder: MailFolder;
    fetched: FetchedMessage[];
    pool: RelinkPool;
    /**
     * The folder held no rows when its import began, so none of these UIDs can be there (a move in Mailroom
     * meanwhile gets a UID above the import's), and the look-up is skipped. The insert still ignores a UID
     * already there.
     */
    startedEmpty?: boolean;
  },
): Promise<StoreResult> {
  const { mailbox, folder, pool } = options;
  const present =
    options.fetched.length === 0 || options.startedEmpty
      ? []
      : await db
          .select({ uid: messages.uid })
          .from(messages)
          .where(
            and(
              eq(messages.folderId, folder.id),
              inArray(
                messages.uid,
                options.fetched.map((m) => m.uid),
              ),
            ),
          );
  const have = new Set(present.map((r) => r.uid));
  const fresh: FetchedMessage[] = [];
  const relinks: Array<{ rowId: number; message: FetchedMessage }> = [];
  // A row already there may have been put there by a move in Mailroom, with the flags it had then.
  await applyFlagChanges(
    db,
    folder.id,
    options.fetched.filter((m) => have.has(m.uid)),
  );
  for (const message of options.fetched) {
    if (have.has(message.uid)) continue;
    const row = pool.take({
      headerDigest: message.headerDigest,
      messageIdHeader: message.parsed.messageId,
      size: message.size,
      receivedAt: message.internalDate,
      subject: message.parsed.subject,
      fromAddress: message.parsed.from?.address ?? null,
    });
    if (row) relinks.push({ rowId: row.id, message });
    else fresh.push(message);
  }
  if (relinks.length > 0) {
    // One statement for the batch: a rebuilt folder can hand over thousands of rows.
    const values = sql.join(
      relinks.map(({ rowId, message: m }) => {
        const f = flagColumns(m.flags);
        return sql`(${rowId}::bigint, ${m.uid}::bigint, ${m.modseq}::bigint, ${f.seen}::boolean, ${f.flagged}::boolean,
          ${f.answered}::boolean, ${f.draft}::boolean, ${sql.param(f.keywords)}::text[], ${m.headerDigest}::text)`;
      }),
      sql`, `,
    );
    const moved = await db.execute<{ id: number }>(sql`
      update messages m set folder_id = ${folder.id}, uid = v.uid, modseq = v.modseq, seen = v.seen, flagged = v.flagged,
        answered = v.answered, draft = v.draft, keywords = v.keywords, header_digest = v.header_digest
      from (values ${values}) as v(id, uid, modseq, seen, flagged, answered, draft, keywords, header_digest)
      where m.id = v.id
      returning m.id`);
    // A row deleted meanwhile (its task deleted, the mailbox purged) cannot take the message: it is stored anew.
    const taken = new Set(moved.rows.map((r) => Number(r.id)));
    for (const { rowId, message } of relinks) if (!taken.has(rowId)) fresh.push(message);
  }
  const relinked = relinks.length;
  if (fresh.length === 0) return { inserted: 0, relinked };

  // The conversation is chosen before the insert, so the row is written with it (issue 20: no second pass).
  const threadIds = await assignThreads(db, {
    orgId: mailbox.orgId,
    mailboxId: mailbox.id,
    messages: fresh.map((m) => ({
      messageId: m.parsed.messageId,
      inReplyTo: m.parsed.inReplyTo,
      references: m.parsed.references,
      subject: m.parsed.subject,
      receivedAt: m.internalDate,
    })),
  });
  // The whole batch as one JSON parameter: a multi-row insert of hundreds of rows built through the query
  // builder cost more main-thread time than fetching the messages.
  const rows = fresh.map((m, i) => ({
    uid: m.uid,
    thread_id: threadIds[i],
    modseq: m.modseq?.toString() ?? null,
    message_id_header: m.parsed.messageId,
    in_reply_to: m.parsed.inReplyTo,
    reference_ids: m.parsed.references.slice(0, 100),
    subject: m.parsed.subject,
    from_address: m.parsed.from?.address ?? null,
    from_name: m.parsed.from?.name ?? null,
    to_addresses: m.parsed.to.slice(0, 200),
    cc_addresses: m.parsed.cc.slice(0, 200),
    reply_to: m.parsed.replyTo.slice(0, 20),
    sent_at: m.parsed.date,
    received_at: m.internalDate,
    ...flagColumns(m.flags),
    size: m.size,
    snippet: m.parsed.snippet,
    has_attachments: m.parsed.attachments.some((a) => !a.inline),
    body_state: m.bodyState,
    parse_error: m.parsed.damaged,
    search_vector: m.parsed.searchVector,
    header_digest: m.headerDigest,
  }));
  const inserted = await db.execute<{ id: number; uid: number }>(sql`
    insert into messages (org_id, mailbox_id, folder_id, uid, modseq, message_id_header, in_reply_to, reference_ids, subject,
      from_address, from_name, to_addresses, cc_addresses, reply_to, sent_at, received_at, seen, flagged, answered, draft,
      keywords, size, snippet, has_attachments, body_state, parse_error, search_vector, header_digest, thread_id)
    select ${mailbox.orgId}::uuid, ${mailbox.id}::uuid, ${folder.id}::bigint, r.uid, r.modseq, r.message_id_header, r.in_reply_to,
      r.reference_ids, r.subject, r.from_address, r.from_name, r.to_addresses, r.cc_addresses, r.reply_to, r.sent_at,
      r.received_at, r.seen, r.flagged, r.answered, r.draft, r.keywords, r.size, r.snippet, r.has_attachments,
      r.body_state::message_body_state, r.parse_error, r.search_vector::tsvector, r.header_digest, r.thread_id
    from json_to_recordset(${jsonParameter(rows)}::json) as r(uid bigint, thread_id bigint, modseq bigint, message_id_header text,
      in_reply_to text, reference_ids text[], subject text, from_address text, from_name text, to_addresses jsonb,
      cc_addresses jsonb, reply_to jsonb, sent_at timestamptz, received_at timestamptz, seen boolean, flagged boolean,
      answered boolean, draft boolean, keywords text[], size integer, snippet text, has_attachments boolean,
      body_state text, parse_error text, search_vector text, header_digest text)
    on conflict (folder_id, uid) do nothing
    returning id, uid`);
  const idByUid = new Map(inserted.rows.map((r) => [r.uid, r.id]));

  // Bodies go as plain parameters on the raw connection: no escaping or JSON encoding of megabytes of text.
  const bodies = fresh.filter((m) => idByUid.has(m.uid));
  for (let i = 0; i < bodies.length; i += BODY_ROWS_PER_STATEMENT) {
    const values: unknown[] = [mailbox.orgId];
    const tuples = bodies.slice(i, i + BODY_ROWS_PER_STATEMENT).map((m) => {
      const at = values.push(idByUid.get(m.uid), m.parsed.text, m.parsed.html, jsonParameter(m.parsed.headers));
      return `($${at - 3}, $1, $${at - 2}, $${at - 1}, $${at}::jsonb)`;
    });
    await client.query(
      `insert into message_bodies (message_id, org_id, text_body, html_body, headers) values ${tuples.join(', ')} on conflict do nothing`,
      values,
    );
  }
  const parts = fresh.flatMap((m) => {
    const messageId = idByUid.get(m.uid);
    if (messageId === undefined) return [];
    return m.parsed.attachments.map((a, position) => ({
      orgId: mailbox.orgId,
      messageId,
      partId: a.partId,
      position,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      contentId: a.contentId,
      inline: a.inline,
      sha256: a.sha256,
    }));
  });
  // Attachment rows in chunks: a message can have hundreds, and a statement at most 65,535 parameters.
  for (let i = 0; i < parts.length; i += 2_000) await db.insert(attachments).values(parts.slice(i, i + 2_000));
  return { inserted: inserted.rows.length, relinked };
}

/**
 * PostgreSQL's json cannot hold U+0000, which mail does contain (headers, names). Dropped from the JSON text:
 * an escape preceded by an even number of backslashes is a NUL, an odd number makes it literal text.
 */
function jsonParameter(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1') : json;
}
