import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messageBodies, messages, type Mailbox, type Message } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';

export type ReadableMessage = { message: Message; mailbox: Mailbox; textBody: string | null; htmlBody: string | null };

/**
 * A message with its bodies, for reading, replying or rendering, once the actor may read its mailbox.
 * Unknown ids, hidden rows and messages of mailboxes the actor cannot see are not found alike.
 */
export async function loadReadableMessage(
  db: DbOrTx,
  options: { actor: Actor; messageId: number },
): Promise<ReadableMessage> {
  const notFound = () => new AppError('not_found', { problem: { key: 'mail.messageGone' } });
  if (!Number.isSafeInteger(options.messageId) || options.messageId <= 0) throw notFound();
  const [row] = await db
    .select({ message: messages, textBody: messageBodies.textBody, htmlBody: messageBodies.htmlBody })
    .from(messages)
    .leftJoin(messageBodies, eq(messageBodies.messageId, messages.id))
    .where(eq(messages.id, options.messageId))
    .limit(1);
  if (!row || row.message.hiddenFromWebmail) throw notFound();
  const mailbox = await getMailboxForActor(db, {
    mailboxId: row.message.mailboxId,
    actor: options.actor,
    permission: 'read',
  });
  return { message: row.message, mailbox, textBody: row.textBody, htmlBody: row.htmlBody };
}
