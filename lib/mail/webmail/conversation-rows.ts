import { threadFolders, threads, type AddressJson, type MessageLinkKind } from '@/db/schema';
import type { ConversationListItem } from './list-conversations';

// A conversation row as both list queries select it: the heading message's columns, then the aggregates.
export type HeadRow = {
  threadId: number;
  folderId: number;
  mailboxId: string;
  latestMessageId: number;
  latestAt: Date;
  subject: string | null;
  snippet: string | null;
  fromName: string | null;
  fromAddress: string | null;
  participants: AddressJson[] | null;
  threadCount: number | null;
  folderCount: number | null;
  unreadCount: number | null;
  flagged: boolean | null;
  answered: boolean | null;
  hasAttachments: boolean | null;
  linkKinds: MessageLinkKind[] | null;
};

export function toItem(row: HeadRow): ConversationListItem {
  const unreadCount = row.unreadCount ?? 0;
  return {
    threadId: row.threadId,
    folderId: row.folderId,
    mailboxId: row.mailboxId,
    latestMessageId: row.latestMessageId,
    subject: row.subject ?? '',
    snippet: row.snippet ?? '',
    latestAt: row.latestAt.toISOString(),
    participants: (row.participants ?? []).map((p) => ({ name: p.name ?? '', address: p.address ?? '' })),
    messageCount: row.threadCount ?? row.folderCount ?? 1,
    folderMessageCount: row.folderCount ?? 1,
    unreadCount,
    seen: unreadCount === 0,
    flagged: row.flagged ?? false,
    answered: row.answered ?? false,
    hasAttachments: row.hasAttachments ?? false,
    linkKinds: row.linkKinds ?? [],
    fromName: row.fromName,
    fromAddress: row.fromAddress,
  };
}

// The aggregates of a conversation in a folder (thread_folders, kept by triggers) and of the whole thread.
export const aggregateColumns = {
  participants: threads.participants,
  threadCount: threads.messageCount,
  folderCount: threadFolders.messageCount,
  unreadCount: threadFolders.unreadCount,
  flagged: threadFolders.flagged,
  answered: threadFolders.answered,
  hasAttachments: threadFolders.hasAttachments,
  linkKinds: threadFolders.linkKinds,
};
