import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, messages, type Attachment } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { openAttachment } from '../attachments/open-attachment';
import type { OutgoingAttachment } from './build-outgoing-mime';

const MAX_FORWARDED = 100;

/** The attachments of an original being forwarded, after checking the actor may read each one's mailbox. */
export async function loadForwardedAttachments(
  db: Db,
  options: { actor: Actor; attachmentIds: number[] },
): Promise<Attachment[]> {
  const ids = [...new Set(options.attachmentIds)];
  if (ids.length === 0) return [];
  if (ids.length > MAX_FORWARDED)
    throw new AppError('validation', { problem: { key: 'send.tooManyForwarded', values: { max: MAX_FORWARDED } } });
  const missing = () =>
    new AppError('not_found', {
      problem: { key: 'send.forwardedAttachmentGone' },
    });
  if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw missing();
  const rows = await db
    .select({ attachment: attachments, mailboxId: messages.mailboxId })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .where(inArray(attachments.id, ids));
  if (rows.length !== ids.length) throw missing();
  for (const mailboxId of new Set(rows.map((r) => r.mailboxId))) {
    await getMailboxForActor(db, { mailboxId, actor: options.actor, permission: 'read' });
  }
  const byId = new Map(rows.map((r) => [r.attachment.id, r.attachment]));
  return ids.map((id) => byId.get(id)!);
}

/** Their content, from the mail server (the import never stores attachment content). */
export async function downloadForwardedAttachments(
  db: Db,
  options: { actor: Actor; attachments: Attachment[] },
): Promise<OutgoingAttachment[]> {
  const result: OutgoingAttachment[] = [];
  for (const attachment of options.attachments) {
    const { content } = await openAttachment(db, { actor: options.actor, attachmentId: attachment.id });
    // Carried as ordinary attachments, inline images included: the outgoing sanitizer keeps no <img>, so
    // nothing in our HTML could show them, and a related part nothing shows is hidden by many clients.
    result.push({ filename: attachment.filename, contentType: attachment.contentType, content });
  }
  return result;
}
