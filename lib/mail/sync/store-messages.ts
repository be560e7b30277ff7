import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, messageBodies, messages, type MailFolder, type Mailbox, type NewMessage } from '@/db/schema';
import type { FetchedMessage } from './fetch-batch';

export type StoreResult = { inserted: number; relinked: number };

const flagColumns = (flags: Set<string>) => ({
  seen: flags.has('\\Seen'),
  flagged: flags.has('\\Flagged'),
  answered: flags.has('\\Answered'),
  draft: flags.has('\\Draft'),
  keywords: [...flags].filter((f) => !f.startsWith('\\')).slice(0, 50),
});

/**
 * Stores fetched messages of one folder with multi-row inserts. A message whose Message-ID belongs to a row
 * that left its old place (moved by another client, or a folder rebuilt after a UIDVALIDITY change) takes
 * over that row, so links to tasks and the CRM survive and nothing looks new.
 */
export async function storeMessages(
  db: DbOrTx,
  options: { mailbox: Mailbox; folder: MailFolder; fetched: FetchedMessage[]; relinkable: Map<string, number>; claimed: Set<number> },
): Promise<StoreResult> {
  const { mailbox, folder, relinkable } = options;
  const fresh: FetchedMessage[] = [];
  const relinks: Array<{ rowId: number; message: FetchedMessage }> = [];
  for (const message of options.fetched) {
    const rowId = message.parsed.messageId ? relinkable.get(message.parsed.messageId) : undefined;
    if (rowId === undefined) {
      fresh.push(message);
      continue;
    }
    relinkable.delete(message.parsed.messageId!);
    options.claimed.add(rowId);
    relinks.push({ rowId, message });
  }
  if (relinks.length > 0) {
    // One statement for the batch: a rebuilt folder can hand over thousands of rows.
    const values = sql.join(
      relinks.map(({ rowId, message: m }) => sql`(${rowId}::bigint, ${m.uid}::bigint, ${m.modseq}::bigint, ${m.flags.has('\\Seen')}::boolean, ${m.flags.has('\\Flagged')}::boolean, ${m.flags.has('\\Answered')}::boolean)`),
      sql`, `,
    );
    await db.execute(sql`
      update messages m set folder_id = ${folder.id}, uid = v.uid, modseq = v.modseq, seen = v.seen, flagged = v.flagged, answered = v.answered
      from (values ${values}) as v(id, uid, modseq, seen, flagged, answered) where m.id = v.id`);
  }
  const relinked = relinks.length;
  if (fresh.length === 0) return { inserted: 0, relinked };

  const rows: NewMessage[] = fresh.map((m) => ({
    orgId: mailbox.orgId,
    mailboxId: mailbox.id,
    folderId: folder.id,
    uid: m.uid,
    modseq: m.modseq,
    messageIdHeader: m.parsed.messageId,
    inReplyTo: m.parsed.inReplyTo,
    referenceIds: m.parsed.references.slice(0, 100),
    subject: m.parsed.subject,
    fromAddress: m.parsed.from?.address ?? null,
    fromName: m.parsed.from?.name ?? null,
    toAddresses: m.parsed.to.slice(0, 200),
    ccAddresses: m.parsed.cc.slice(0, 200),
    replyTo: m.parsed.replyTo.slice(0, 20),
    sentAt: m.parsed.date,
    receivedAt: m.internalDate,
    ...flagColumns(m.flags),
    size: m.size,
    snippet: m.parsed.snippet,
    hasAttachments: m.parsed.attachments.some((a) => !a.inline),
    bodyState: m.bodyState,
    parseError: m.parsed.damaged,
  }));
  const inserted = await db
    .insert(messages)
    .values(rows)
    .onConflictDoNothing({ target: [messages.folderId, messages.uid] })
    .returning({ id: messages.id, uid: messages.uid });
  const idByUid = new Map(inserted.map((r) => [r.uid, r.id]));

  const bodies = fresh.flatMap((m) => {
    const messageId = idByUid.get(m.uid);
    return messageId === undefined ? [] : [{ messageId, orgId: mailbox.orgId, textBody: m.parsed.text, htmlBody: m.parsed.html, headers: m.parsed.headers }];
  });
  if (bodies.length > 0) await db.insert(messageBodies).values(bodies).onConflictDoNothing();
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
  return { inserted: inserted.length, relinked };
}
