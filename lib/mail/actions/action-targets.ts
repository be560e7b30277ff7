import { and, eq, gt, inArray, isNull, not } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import type { Db } from '@/db/client';
import { mailFolders, messages, type MailFolder, type Mailbox } from '@/db/schema';
import { getMailboxForActor, type MailboxPermission } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { classifyMailError, isMailServerFailure } from '../errors';
import { imapSettings, openMailboxImap } from '../imap/open-mailbox-imap';

// Enough for any selection a person makes in the list, and a bound on what one request makes the server do.
const MAX_TARGETS = 5_000;

export type ActionGroup = { mailbox: Mailbox; folder: MailFolder; rows: Array<{ id: number; uid: number }> };

/**
 * The selected messages grouped by mailbox and folder, after checking that the actor may organize each
 * mailbox. Unknown ids, and ids of mailboxes the actor cannot see, are not found alike.
 */
export async function loadActionTargets(
  db: Db,
  options: { messageIds: number[]; actor: Actor; permission?: MailboxPermission },
): Promise<ActionGroup[]> {
  const ids = [...new Set(options.messageIds)];
  if (ids.length === 0) throw new AppError('validation', { problem: { key: 'mail.selectAtLeastOne' } });
  if (ids.length > MAX_TARGETS)
    throw new AppError('validation', { problem: { key: 'mail.selectAtMost', values: { max: MAX_TARGETS } } });
  const rows = await db
    .select({
      id: messages.id,
      uid: messages.uid,
      mailboxId: messages.mailboxId,
      folderId: messages.folderId,
      gone: messages.goneFromServerAt,
    })
    .from(messages)
    .where(inArray(messages.id, ids));
  if (rows.length !== ids.length) throw new AppError('not_found', { problem: { key: 'mail.messagesGone' } });

  const mailboxById = new Map<string, Mailbox>();
  for (const mailboxId of new Set(rows.map((r) => r.mailboxId))) {
    mailboxById.set(
      mailboxId,
      await getMailboxForActor(db, { mailboxId, actor: options.actor, permission: options.permission ?? 'read' }),
    );
  }
  // Checked after access, so that only someone who may see the mailbox learns that the message is gone.
  if (rows.some((r) => r.gone !== null)) {
    throw new AppError('conflict', { problem: { key: 'mail.messageGoneFromServer' } });
  }
  const folders = await db
    .select()
    .from(mailFolders)
    .where(inArray(mailFolders.id, [...new Set(rows.map((r) => r.folderId))]));
  return folders.map((folder) => ({
    mailbox: mailboxById.get(folder.mailboxId)!,
    folder,
    rows: rows.filter((r) => r.folderId === folder.id && r.uid > 0).map(({ id, uid }) => ({ id, uid })),
  }));
}

/** A message as the list showed it before an action: what undo and the unread counts need. */
export type ActionTargetRow = { id: number; folderId: number; seen: boolean };

/**
 * The listed messages of conversations in one folder: what an action on a conversation row acts on (the
 * folder's part of the thread, not its Sent replies elsewhere). Read under the mailbox's action lock, so a
 * conversation moved a moment ago by another request has nothing left here and the action does nothing.
 */
export async function expandThreadTargets(
  db: Db,
  options: { folder: MailFolder; threadIds: number[] },
): Promise<ActionTargetRow[]> {
  const threadIds = [...new Set(options.threadIds)];
  if (threadIds.length === 0) return [];
  const rows = await db
    .select({ id: messages.id, folderId: messages.folderId, seen: messages.seen })
    .from(messages)
    .where(
      and(
        eq(messages.folderId, options.folder.id),
        inArray(messages.threadId, threadIds),
        not(messages.hiddenFromWebmail),
        isNull(messages.goneFromServerAt),
        gt(messages.uid, 0),
      ),
    )
    .limit(MAX_TARGETS + 1);
  if (rows.length > MAX_TARGETS)
    throw new AppError('validation', { problem: { key: 'mail.selectAtMost', values: { max: MAX_TARGETS } } });
  return rows;
}

/** One IMAP connection for a user action, closed afterwards; failures come back classified. */
export async function withImap<T>(db: Db, mailbox: Mailbox, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const settings = imapSettings(mailbox);
  const client = await openMailboxImap(db, mailbox);
  try {
    return await fn(client);
  } catch (error) {
    throw isMailServerFailure(error)
      ? classifyMailError(error, { kind: 'IMAP', host: settings.host, port: settings.port })
      : error;
  } finally {
    await client.logout().catch(() => client.close());
  }
}
