'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { conversationRowView, messageRowView, type RowView } from './row-view';
import { useConversationList, useMessageList } from './use-mail-data';
import type { MailLocation } from './use-mail-location';
import type { MailView } from './use-mail-view';

/**
 * The list's rows in the chosen view: one per message, or one per conversation (only that view's query runs).
 * Both read the same way (row-view.ts), so the list, the selection and the actions need not know which.
 */
export function useMailRows(location: MailLocation, view: MailView, mailboxes: WebmailMailbox[]) {
  const tc = useTranslations('conversation');
  const byConversation = view === 'conversations';
  const messageList = useMessageList(location, !byConversation);
  const conversationList = useConversationList(location, byConversation);
  // A conversation's participants say "me" for the mailbox's own address.
  const ownAddress = useCallback(
    (mailboxId: string) => mailboxes.find((m) => m.id === mailboxId)?.email ?? null,
    [mailboxes],
  );
  const me = tc('me');
  const rows = useMemo<RowView[]>(
    () =>
      byConversation
        ? (conversationList.data?.pages.flatMap((p) => p.items) ?? []).map((c) =>
            conversationRowView(c, ownAddress(c.mailboxId), me),
          )
        : (messageList.data?.pages.flatMap((p) => p.items) ?? []).map(messageRowView),
    [byConversation, conversationList.data, messageList.data, ownAddress, me],
  );
  const list = byConversation ? conversationList : messageList;
  return {
    rows,
    loading: list.isFetching && !list.isRefetching,
    error: list.error,
    hasMore: Boolean(list.hasNextPage),
    loadMore: list.fetchNextPage,
  };
}
