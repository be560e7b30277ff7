import { and, desc, eq, isNull, not, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailFolders, messages, threads, type AddressJson, type MailFolder, type MessageLinkKind } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { getFolderForActor } from './folder-access';

export type ConversationMessage = {
  id: number;
  folderId: number;
  folderName: string;
  folderSpecialUse: MailFolder['specialUse'];
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
  to: AddressJson[];
  cc: AddressJson[];
  receivedAt: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  snippet: string;
  hasAttachments: boolean;
  linkKinds: MessageLinkKind[];
};

export type ConversationView = {
  threadId: number;
  mailboxId: string;
  subject: string;
  messages: ConversationMessage[];
  /** More messages than the pane shows: the oldest were left out. */
  truncated: boolean;
};

// A conversation pane is read by a person; a mailing-list thread of thousands shows its newest ones.
const MAX_MESSAGES = 500;

const notFound = () => new AppError('not_found', { problem: { key: 'conversations.gone' } });

/**
 * A conversation for the reading pane, oldest first: its listed messages in every shown folder of the
 * mailbox, Sent replies included. Trash and Junk are left out unless the conversation is opened there (then
 * that one folder joins): a reply deleted or junked is not part of the conversation a person reads in the
 * Inbox. Access is the open folder's mailbox (read); a thread of another mailbox is not found, as an unknown
 * one is, so nobody learns that it exists.
 */
export async function getConversation(
  db: DbOrTx,
  options: { actor: Actor; threadId: number; folderId: number },
): Promise<ConversationView> {
  const { folder, mailbox } = await getFolderForActor(db, { actor: options.actor, folderId: options.folderId });
  const [thread] = await db
    .select({ id: threads.id })
    .from(threads)
    .where(and(eq(threads.id, options.threadId), eq(threads.mailboxId, mailbox.id)));
  if (!thread) throw notFound();

  const rows = await db
    .select({
      id: messages.id,
      folderId: messages.folderId,
      folderName: mailFolders.name,
      folderSpecialUse: mailFolders.specialUse,
      subject: messages.subject,
      fromName: messages.fromName,
      fromAddress: messages.fromAddress,
      to: messages.toAddresses,
      cc: messages.ccAddresses,
      receivedAt: messages.receivedAt,
      seen: messages.seen,
      flagged: messages.flagged,
      answered: messages.answered,
      snippet: messages.snippet,
      hasAttachments: messages.hasAttachments,
      linkKinds: messages.linkKinds,
    })
    .from(messages)
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .where(
      and(
        eq(messages.threadId, thread.id),
        eq(messages.mailboxId, mailbox.id),
        not(messages.hiddenFromWebmail),
        isNull(messages.goneFromServerAt),
        eq(mailFolders.syncEnabled, true),
        or(
          eq(mailFolders.id, folder.id),
          sql`${mailFolders.specialUse} is null`,
          sql`${mailFolders.specialUse} not in ('trash', 'junk')`,
        ),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(MAX_MESSAGES + 1);
  if (rows.length === 0) throw notFound();

  const shown = rows.slice(0, MAX_MESSAGES).reverse();
  return {
    threadId: thread.id,
    mailboxId: mailbox.id,
    // The subject the conversation started with, as mail programs title a thread.
    subject: shown[0]!.subject,
    truncated: rows.length > MAX_MESSAGES,
    messages: shown.map((m) => ({ ...m, receivedAt: m.receivedAt.toISOString() })),
  };
}
