import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messages, threadFolders, threads, type MailFolder, type Mailbox, type MessageLinkKind } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { hasMessageFilters, matchingMessageConditions } from './conversation-conditions';
import { aggregateColumns, toItem } from './conversation-rows';
import { getFolderForActor } from './folder-access';
import { matchingThreadHeads } from './matching-thread-heads';
import { decodeCursor, encodeCursor, type ListCursor, type MessageFilters } from './message-filters';

export type ConversationListItem = {
  threadId: number;
  folderId: number;
  mailboxId: string;
  latestMessageId: number;
  subject: string;
  snippet: string;
  latestAt: string;
  participants: { name: string; address: string }[];
  /** Listed messages of the whole thread, every folder. */
  messageCount: number;
  /** Listed messages of the thread in the row's folder (for a search too: the whole conversation there). */
  folderMessageCount: number;
  unreadCount: number;
  /** unreadCount === 0 */
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  linkKinds: MessageLinkKind[];
  fromName: string | null;
  fromAddress: string | null;
};

export type ConversationPage = { items: ConversationListItem[]; nextCursor: string | null };

export const CONVERSATION_PAGE_SIZE = 50;

/** The plain folder list: one keyset query on thread_folders' (folder, latest desc, thread desc) index. */
async function folderPage(db: DbOrTx, folderId: number, cursor: ListCursor | null, limit: number) {
  const rows = await db
    .select({
      threadId: threadFolders.threadId,
      folderId: threadFolders.folderId,
      mailboxId: threadFolders.mailboxId,
      latestMessageId: threadFolders.latestMessageId,
      latestAt: threadFolders.latestAt,
      subject: messages.subject,
      snippet: messages.snippet,
      fromName: messages.fromName,
      fromAddress: messages.fromAddress,
      ...aggregateColumns,
    })
    .from(threadFolders)
    .innerJoin(threads, eq(threads.id, threadFolders.threadId))
    .leftJoin(messages, eq(messages.id, threadFolders.latestMessageId))
    .where(
      and(
        eq(threadFolders.folderId, folderId),
        // A row the triggers have emptied but not yet removed is no conversation to show.
        gt(threadFolders.messageCount, 0),
        // A row comparison, so PostgreSQL walks the index from the cursor on (no OFFSET, no sort).
        cursor
          ? sql`(${threadFolders.latestAt}, ${threadFolders.threadId}) < (${cursor.receivedAt}::timestamptz, ${cursor.id}::bigint)`
          : undefined,
      ),
    )
    // NULLS LAST as the index is declared, or the planner sorts the whole folder instead of walking it.
    .orderBy(sql`${threadFolders.latestAt} desc nulls last`, sql`${threadFolders.threadId} desc nulls last`)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ receivedAt: last.latestAt.toISOString(), id: last.threadId }) : null,
  };
}

/**
 * A filtered or searched list: conversations with a matching message, each once, ordered by their newest
 * match. The row is headed by that message (so its date agrees with the order, and the snippet shows what
 * matched); counts and badges are the conversation's in that message's folder. The cursor is the head
 * message's (received, id).
 */
async function matchingPage(
  db: DbOrTx,
  options: { actor: Actor; folder: MailFolder; mailbox: Mailbox; filters: MessageFilters },
  cursor: ListCursor | null,
  limit: number,
): Promise<ConversationPage> {
  const matching = await matchingMessageConditions(db, options);
  const heads = await matchingThreadHeads(db, { matching, cursor, want: limit + 1 });
  const page = heads.slice(0, limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const rows = await db
    .select({
      threadId: sql<number>`${messages.threadId}`,
      folderId: messages.folderId,
      mailboxId: messages.mailboxId,
      latestMessageId: messages.id,
      latestAt: messages.receivedAt,
      subject: messages.subject,
      snippet: messages.snippet,
      fromName: messages.fromName,
      fromAddress: messages.fromAddress,
      ...aggregateColumns,
    })
    .from(messages)
    .leftJoin(threads, eq(threads.id, messages.threadId))
    .leftJoin(
      threadFolders,
      and(eq(threadFolders.folderId, messages.folderId), eq(threadFolders.threadId, messages.threadId)),
    )
    .where(
      inArray(
        messages.id,
        page.map((h) => h.messageId),
      ),
    );
  const byId = new Map(rows.map((row) => [row.latestMessageId, row]));
  const items = page.flatMap((head) => {
    const row = byId.get(head.messageId);
    return row ? [toItem(row)] : [];
  });
  const last = page.at(-1)!;
  return {
    items,
    nextCursor:
      heads.length > limit ? encodeCursor({ receivedAt: last.receivedAt.toISOString(), id: last.messageId }) : null,
  };
}

/**
 * One page of a folder by conversation, newest first, with the same query string as the message list
 * (filters, search, `in:sent`, `in:all`) and the same keyset paging: page 2,000 costs what page 1 does.
 */
export async function listConversations(
  db: DbOrTx,
  options: { actor: Actor; folderId: number; cursor?: string; filters?: MessageFilters; limit?: number },
): Promise<ConversationPage> {
  const { folder, mailbox } = await getFolderForActor(db, options);
  const limit = Math.min(Math.max(options.limit ?? CONVERSATION_PAGE_SIZE, 1), 200);
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !cursor) throw new AppError('validation', { problem: { key: 'mail.listPositionStale' } });
  if (!hasMessageFilters(options.filters)) return folderPage(db, folder.id, cursor, limit);
  return matchingPage(db, { actor: options.actor, folder, mailbox, filters: options.filters ?? {} }, cursor, limit);
}
