import type { MessageLinkKind } from '@/db/schema';
import type { ConversationListItem } from '@/lib/mail/webmail/list-conversations';
import type { MessageListItem } from '@/lib/mail/webmail/list-messages';

/**
 * What a list row shows, whether it stands for one message or a conversation: a conversation of one message
 * reads exactly like that message's row, so switching views changes only the rows that are threads.
 */
export type RowView = {
  // The selection's and the list's key: a message id, or a thread id in the conversation view.
  key: number;
  // The message the row opens (the newest of a conversation), kept on the row for tests and links.
  messageId: number;
  threadId: number | null;
  folderId: number;
  subject: string;
  // The sender, or a conversation's participants; null reads "unknown sender".
  who: string | null;
  // The (newest) sender, for work made from the row.
  fromName: string | null;
  fromAddress: string | null;
  // Unread messages the row stands for (in the row's folder).
  unread: number;
  // How many messages a conversation holds; null for a single message.
  count: number | null;
  snippet: string;
  tooLarge: boolean;
  date: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  linkKinds: MessageLinkKind[];
};

export function messageRowView(item: MessageListItem): RowView {
  return {
    key: item.id,
    messageId: item.id,
    threadId: null,
    folderId: item.folderId,
    subject: item.subject,
    who: item.fromName || item.fromAddress || null,
    fromName: item.fromName,
    fromAddress: item.fromAddress,
    unread: item.seen ? 0 : 1,
    count: null,
    snippet: item.snippet,
    tooLarge: item.bodyState === 'too_large',
    date: item.receivedAt,
    seen: item.seen,
    flagged: item.flagged,
    answered: item.answered,
    hasAttachments: item.hasAttachments,
    linkKinds: item.linkKinds,
  };
}

/**
 * A conversation's participants as people read them in Gmail or Outlook: first names when there are several,
 * the mailbox's own address as "me", at most `max` before an ellipsis.
 */
export function participantsLabel(
  participants: ConversationListItem['participants'],
  own: string | null,
  me: string,
  max = 3,
): string | null {
  if (participants.length === 0) return null;
  const isMe = (p: { address: string }) => own !== null && p.address.toLowerCase() === own.toLowerCase();
  if (participants.length === 1) {
    const [only] = participants;
    return only && isMe(only) ? me : only?.name || only?.address || null;
  }
  const names = participants.map((p) =>
    isMe(p) ? me : (p.name.trim().split(/\s+/)[0] ?? '') || p.address.split('@')[0] || p.address,
  );
  const unique = [...new Set(names)];
  return unique.length > max ? `${unique.slice(0, max).join(', ')}…` : unique.join(', ');
}

export function conversationRowView(item: ConversationListItem, own: string | null, me: string): RowView {
  const single = item.messageCount <= 1;
  return {
    key: item.threadId,
    messageId: item.latestMessageId,
    threadId: item.threadId,
    folderId: item.folderId,
    subject: item.subject,
    who: single
      ? item.fromName || item.fromAddress || null
      : participantsLabel(item.participants, own, me) || item.fromName || item.fromAddress || null,
    fromName: item.fromName,
    fromAddress: item.fromAddress,
    unread: item.unreadCount,
    count: single ? null : item.messageCount,
    snippet: item.snippet,
    tooLarge: false,
    date: item.latestAt,
    seen: item.seen,
    flagged: item.flagged,
    answered: item.answered,
    hasAttachments: item.hasAttachments,
    linkKinds: item.linkKinds,
  };
}
