import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import type { Db } from '@/db/client';
import { attachments, crmActivityAttachments, mailFolders, messages, type Mailbox } from '@/db/schema';
import { withImap } from '../mail/actions/action-targets';
import { MAX_OPENED_ATTACHMENT_BYTES } from '../mail/attachments/open-attachment';

export type CopyReport = { copied: number; notCopied: number };

type Pending = {
  activityId: string;
  orgId: string;
  uid: number;
  folderPath: string;
  partId: string | null;
  filename: string | null;
  contentType: string;
  size: number;
};

/**
 * Copies the files of freshly made activities into the CRM, fetched from the mail server over one IMAP
 * connection (the import only lists attachments). Runs after the activities are committed: a mail server
 * that fails here must not take the activity with it. A file that is not copied (over 25 MB, gone from the
 * server, server unreachable) is still recorded, with empty content and its real size, so the activity shows
 * it was there. Inline parts (signature logos, cid: images) are not copied.
 */
export async function copyActivityAttachments(
  db: Db,
  options: { mailbox: Mailbox; activities: Array<{ activityId: string; messageId: number }> },
): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, notCopied: 0 };
  if (options.activities.length === 0) return report;
  const activityOf = new Map(options.activities.map((a) => [a.messageId, a.activityId]));
  const rows = await db
    .select({
      messageId: attachments.messageId,
      orgId: attachments.orgId,
      uid: messages.uid,
      folderPath: mailFolders.path,
      partId: attachments.partId,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
    })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .where(and(inArray(attachments.messageId, [...activityOf.keys()]), eq(attachments.inline, false)))
    .orderBy(asc(attachments.messageId), asc(attachments.position));
  if (rows.length === 0) return report;
  const pending: Pending[] = rows.map(({ messageId, ...row }) => ({ ...row, activityId: activityOf.get(messageId)! }));

  const store = async (file: Pending, content: Buffer | null) => {
    await db.insert(crmActivityAttachments).values({
      orgId: file.orgId,
      activityId: file.activityId,
      filename: file.filename,
      contentType: file.contentType,
      size: content?.length ?? file.size,
      content: content ?? Buffer.alloc(0),
    });
    if (content) report.copied += 1;
    else report.notCopied += 1;
  };

  let stored = 0;
  try {
    await withImap(db, options.mailbox, async (client) => {
      let openPath: string | null = null;
      for (const file of pending) {
        // A negative UID marks a row being matched again after a UIDVALIDITY change: no server copy to read.
        const fetchable = file.size <= MAX_OPENED_ATTACHMENT_BYTES && file.uid > 0;
        if (fetchable && openPath !== file.folderPath) {
          await client.mailboxOpen(file.folderPath, { readOnly: true });
          openPath = file.folderPath;
        }
        await store(file, fetchable ? await download(client, file) : null);
        stored += 1;
      }
    });
  } catch (error) {
    process.stderr.write(
      `CRM: copying attachments from mailbox ${options.mailbox.id} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    for (const file of pending.slice(stored)) await store(file, null);
  }
  return report;
}

// One byte past the limit tells a part that is too large from one that fits (the listed size is an estimate).
async function download(client: ImapFlow, file: Pending): Promise<Buffer | null> {
  const { content } = await client.download(String(file.uid), file.partId ?? '1', {
    uid: true,
    decodeText: false,
    maxBytes: MAX_OPENED_ATTACHMENT_BYTES + 1,
    chunkSize: 1024 * 1024,
  });
  if (!content) return null;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of content) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > MAX_OPENED_ATTACHMENT_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
