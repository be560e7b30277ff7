import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailFolders, messages, type Mailbox } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { withImap } from '../actions/action-targets';
import { isMessageId } from './outgoing-fields';

export type ReplyTarget = {
  messageId: number;
  mailbox: Mailbox;
  folderPath: string;
  uid: number;
  /** The original's Message-ID: the reply's In-Reply-To. */
  inReplyTo: string | null;
  /** The original's References and its own Message-ID: the reply's References (RFC 5322 §3.6.4). */
  references: string[];
};

/** The message being answered, which the actor must be able to read; its thread headers come from our copy. */
export async function loadReplyTarget(db: Db, options: { actor: Actor; messageId: number }): Promise<ReplyTarget> {
  const notFound = () => new AppError('not_found', { problem: { key: 'send.replyTargetGone' } });
  if (!Number.isSafeInteger(options.messageId) || options.messageId <= 0) throw notFound();
  const [row] = await db
    .select({ message: messages, folderPath: mailFolders.path })
    .from(messages)
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .where(eq(messages.id, options.messageId))
    .limit(1);
  if (!row) throw notFound();
  const mailbox = await getMailboxForActor(db, {
    mailboxId: row.message.mailboxId,
    actor: options.actor,
    permission: 'read',
  });
  const own = isMessageId(row.message.messageIdHeader) ? row.message.messageIdHeader : null;
  const references = [...row.message.referenceIds.filter(isMessageId), ...(own ? [own] : [])];
  return {
    messageId: row.message.id,
    mailbox,
    folderPath: row.folderPath,
    uid: row.message.uid,
    inReplyTo: own,
    references: [...new Set(references)],
  };
}

/**
 * \Answered on the server first, then locally, as every message action (lib/mail/actions). The reply has
 * gone out already, so a failure here is not the user's problem: the next sync brings the flag if another
 * client sets it.
 */
export async function markAnswered(db: Db, target: ReplyTarget): Promise<boolean> {
  if (target.uid <= 0) return false;
  try {
    await withImap(db, target.mailbox, async (client) => {
      await client.mailboxOpen(target.folderPath);
      await client.messageFlagsAdd(String(target.uid), ['\\Answered'], { uid: true });
    });
    await db.update(messages).set({ answered: true }).where(eq(messages.id, target.messageId));
    return true;
  } catch {
    return false;
  }
}
