import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, mailFolders, messages, type Attachment } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError, isAppError } from '../../errors';
import { withImap } from '../actions/action-targets';
import { MAX_INCOMING_MESSAGE_BYTES } from '../../plans/catalogue';

/** Attachments larger than this are not served through Mailroom (SPEC §2: 25 MB is the incoming limit). */
export const MAX_OPENED_ATTACHMENT_BYTES = MAX_INCOMING_MESSAGE_BYTES;

// The limit is 25 MiB (MAX_INCOMING_MESSAGE_BYTES); people read it as "25 MB".
const OPENED_LIMIT_MB = Math.round(MAX_OPENED_ATTACHMENT_BYTES / (1024 * 1024));

const tooLarge = (attachment: Pick<Attachment, 'filename'>) =>
  new AppError('limit_exceeded', {
    message: `Attachment ${attachment.filename ?? '(unnamed)'} exceeds ${MAX_OPENED_ATTACHMENT_BYTES} bytes`,
    problem: attachment.filename
      ? { key: 'mail.attachmentTooLargeToOpen', values: { name: attachment.filename, megabytes: OPENED_LIMIT_MB } }
      : { key: 'mail.unnamedAttachmentTooLargeToOpen', values: { megabytes: OPENED_LIMIT_MB } },
    details: { limit: MAX_OPENED_ATTACHMENT_BYTES },
  });

const goneFromServer = () =>
  new AppError('not_found', {
    message: 'Attachment source no longer on the mail server',
    problem: { key: 'mail.attachmentGoneFromServer' },
  });

/**
 * An attachment's decoded content, fetched from the mail server on demand (the import only lists attachments).
 * Only the actor's readable mailboxes; an attachment of someone else's mailbox is not found.
 */
export async function openAttachment(
  db: Db,
  options: { actor: Actor; attachmentId: number },
): Promise<{ attachment: Attachment; content: Buffer }> {
  const notFound = () =>
    new AppError('not_found', {
      message: `Attachment ${options.attachmentId} not accessible`,
      problem: { key: 'mail.attachmentNotFound' },
    });
  if (!Number.isSafeInteger(options.attachmentId) || options.attachmentId <= 0) throw notFound();
  const [row] = await db
    .select({ attachment: attachments, mailboxId: messages.mailboxId, uid: messages.uid, folderPath: mailFolders.path })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .where(and(eq(attachments.id, options.attachmentId), eq(messages.hiddenFromWebmail, false)))
    .limit(1);
  if (!row) throw notFound();
  // Someone who cannot see the mailbox learns nothing, not even that the attachment exists.
  const mailbox = await getMailboxForActor(db, {
    mailboxId: row.mailboxId,
    actor: options.actor,
    permission: 'read',
  }).catch((error: unknown) => {
    throw isAppError(error) && error.code === 'not_found' ? notFound() : error;
  });
  const { attachment } = row;
  if (attachment.size > MAX_OPENED_ATTACHMENT_BYTES) throw tooLarge(attachment);
  // A negative UID marks a row whose server copy is being matched again after a UIDVALIDITY change.
  if (row.uid <= 0) throw goneFromServer();

  const content = await withImap(db, mailbox, async (client) => {
    await client.mailboxOpen(row.folderPath, { readOnly: true });
    // A non-multipart message's only part is "1" (imapflow reads it as the body text then). The file's own
    // bytes, not text converted to UTF-8; one byte past the limit tells a too-large part from one that fits.
    const download = await client.download(String(row.uid), attachment.partId ?? '1', {
      uid: true,
      decodeText: false,
      maxBytes: MAX_OPENED_ATTACHMENT_BYTES + 1,
      chunkSize: 1024 * 1024,
    });
    if (!download.content) return null;
    return readBounded(download.content, MAX_OPENED_ATTACHMENT_BYTES);
  });
  if (content === null) throw goneFromServer();
  if (content === 'too_large') throw tooLarge(attachment);
  return { attachment, content };
}

async function readBounded(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    total += buffer.length;
    if (total > limit) return 'too_large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
