'use client';

import { useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import type { MessageListItem, MessagePage } from '@/lib/mail/webmail/list-messages';
import type { ConversationListItem, ConversationPage } from '@/lib/mail/webmail/list-conversations';
import type { MessageView } from '@/lib/mail/webmail/get-message';
import type { ConversationView } from '@/lib/mail/webmail/get-conversation';
import { apiGet } from './mail-api';
import { filterParams, type MailLocation } from './use-mail-location';

export const mailKeys = {
  folders: ['mail', 'folders'] as const,
  lists: ['mail', 'list'] as const,
  list: (folderId: number, filters: Record<string, string | undefined>) => ['mail', 'list', folderId, filters] as const,
  // Under `lists` and the folder's own prefix, so whatever refreshes a folder's messages refreshes these too.
  conversations: (folderId: number, filters: Record<string, string | undefined>) =>
    ['mail', 'list', folderId, filters, 'conversations'] as const,
  conversationPrefix: ['mail', 'conversation'] as const,
  conversation: (threadId: number, folderId: number) => ['mail', 'conversation', threadId, folderId] as const,
  message: (id: number) => ['mail', 'message', id] as const,
};

export function useFolders(initialData?: WebmailMailbox[]) {
  return useQuery({
    queryKey: mailKeys.folders,
    queryFn: () => apiGet<WebmailMailbox[]>('/api/mail/folders'),
    initialData,
    // Progress of an import or sync shows live; otherwise new mail and counts are picked up every minute.
    refetchInterval: (query) =>
      query.state.data?.some((m) => m.sync.state === 'importing' || m.sync.state === 'syncing') ? 3_000 : 60_000,
  });
}

export function useMessageList(location: MailLocation, enabled = true) {
  const filters = filterParams(location);
  return useInfiniteQuery({
    queryKey: mailKeys.list(location.folderId ?? 0, filters),
    queryFn: ({ pageParam }) =>
      apiGet<MessagePage>('/api/mail/messages', { folder: location.folderId ?? 0, cursor: pageParam, ...filters }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: enabled && location.folderId !== null,
    refetchInterval: 60_000,
  });
}

/** The folder by conversation (one row per thread with a message here), with the same filters as messages. */
export function useConversationList(location: MailLocation, enabled = true) {
  const filters = filterParams(location);
  return useInfiniteQuery({
    queryKey: mailKeys.conversations(location.folderId ?? 0, filters),
    queryFn: ({ pageParam }) =>
      apiGet<ConversationPage>('/api/mail/conversations', {
        folder: location.folderId ?? 0,
        cursor: pageParam,
        ...filters,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: enabled && location.folderId !== null,
    refetchInterval: 60_000,
  });
}

export function useConversation(threadId: number | null, folderId: number | null) {
  return useQuery({
    queryKey: mailKeys.conversation(threadId ?? 0, folderId ?? 0),
    queryFn: () => apiGet<ConversationView>(`/api/mail/conversations/${threadId}`, { folder: folderId ?? undefined }),
    enabled: threadId !== null && folderId !== null,
  });
}

export function useMessage(id: number | null) {
  return useQuery({
    queryKey: mailKeys.message(id ?? 0),
    queryFn: () => apiGet<MessageView>(`/api/mail/messages/${id}`),
    enabled: id !== null,
  });
}

type ListData = InfiniteData<MessagePage, string | undefined>;
type ConversationListData = InfiniteData<ConversationPage, string | undefined>;

const isConversationList = (key: readonly unknown[]) => key[4] === 'conversations';

/** Applies a change to every cached message row (all folders and filters); returns what to restore on failure. */
export function updateCachedLists(client: QueryClient, change: (item: MessageListItem) => MessageListItem | null) {
  const snapshot = client.getQueriesData<ListData>({ queryKey: mailKeys.lists });
  for (const [key, data] of snapshot) {
    if (!data || isConversationList(key)) continue;
    client.setQueryData<ListData>(key, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, items: page.items.flatMap((item) => change(item) ?? []) })),
    });
  }
  return () => {
    for (const [key, data] of snapshot) client.setQueryData(key, data);
  };
}

/** As updateCachedLists, for the cached conversation rows. */
export function updateCachedConversations(
  client: QueryClient,
  change: (item: ConversationListItem) => ConversationListItem | null,
) {
  const snapshot = client
    .getQueriesData<ConversationListData>({ queryKey: mailKeys.lists })
    .filter(([key]) => isConversationList(key));
  for (const [key, data] of snapshot) {
    if (!data) continue;
    client.setQueryData<ConversationListData>(key, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, items: page.items.flatMap((item) => change(item) ?? []) })),
    });
  }
  return () => {
    for (const [key, data] of snapshot) client.setQueryData(key, data);
  };
}

/** Adjusts the unread count of folders in the cached folder pane; returns the restore function. */
export function updateCachedUnread(client: QueryClient, deltas: Map<number, number>) {
  const previous = client.getQueryData<WebmailMailbox[]>(mailKeys.folders);
  if (previous) {
    client.setQueryData<WebmailMailbox[]>(
      mailKeys.folders,
      previous.map((mailbox) => ({
        ...mailbox,
        folders: mailbox.folders.map((f) => ({ ...f, unread: Math.max(0, f.unread + (deltas.get(f.id) ?? 0)) })),
      })),
    );
  }
  return () => client.setQueryData(mailKeys.folders, previous);
}

/** Marks the messages of open conversations (by thread id) read, unread, flagged or not; returns the restore. */
export function updateOpenConversations(
  client: QueryClient,
  threadIds: Set<number>,
  flags: { seen?: boolean; flagged?: boolean },
) {
  const snapshot = client
    .getQueriesData<ConversationView>({ queryKey: mailKeys.conversationPrefix })
    .filter(([key]) => threadIds.has(Number(key[2])));
  for (const [key, data] of snapshot) {
    if (data)
      client.setQueryData<ConversationView>(key, { ...data, messages: data.messages.map((m) => ({ ...m, ...flags })) });
  }
  return () => {
    for (const [key, data] of snapshot) client.setQueryData(key, data);
  };
}
