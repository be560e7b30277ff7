'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChatPostView } from '@/lib/chat/chat-post-view';
import { apiGet, apiPost } from '../mail/mail-api';

export const chatKeys = { posts: (chatId: string) => ['chat', chatId, 'posts'] as const };

// New posts show within about two seconds; react-query stops the interval while the tab is hidden
// (refetchIntervalInBackground is off) and catches up on focus.
const POLL_MS = 2_000;

function mergePosts(current: ChatPostView[], incoming: ChatPostView[]): ChatPostView[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((post) => [post.id, post]));
  for (const post of incoming) byId.set(post.id, post);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * The posts of an open chat, kept in one cached list that only grows: each poll asks for the posts after the
 * last id held, sending adds the new post at once, "earlier" adds a page before the first.
 */
export function useChatPosts(options: {
  chatId: string;
  initialPosts: ChatPostView[];
  initialHasOlder: boolean;
  pageSize: number;
}) {
  const { chatId, initialPosts, pageSize } = options;
  const client = useQueryClient();
  const key = chatKeys.posts(chatId);
  const cached = () => client.getQueryData<ChatPostView[]>(key) ?? initialPosts;

  const posts = useQuery({
    queryKey: key,
    queryFn: async () => {
      const newer = await apiGet<ChatPostView[]>(`/api/chat/${chatId}/posts`, { after: cached().at(-1)?.id ?? 0 });
      // Merged into what is cached now, not what was cached when the request left: a post sent meanwhile stays.
      return mergePosts(cached(), newer);
    },
    initialData: initialPosts,
    refetchInterval: POLL_MS,
  });

  const send = useMutation({
    mutationFn: (body: string) => apiPost<ChatPostView>(`/api/chat/${chatId}/posts`, { body }),
    onSuccess: (post) => client.setQueryData<ChatPostView[]>(key, mergePosts(cached(), [post])),
  });

  const [hasOlder, setHasOlder] = useState(options.initialHasOlder);
  const loadOlder = useMutation({
    mutationFn: () => apiGet<ChatPostView[]>(`/api/chat/${chatId}/posts`, { before: cached()[0]?.id }),
    onSuccess: (page) => {
      setHasOlder(page.length >= pageSize);
      client.setQueryData<ChatPostView[]>(key, mergePosts(cached(), page));
    },
  });

  return { posts: posts.data, pollFailing: posts.isRefetchError, send, loadOlder, hasOlder };
}
