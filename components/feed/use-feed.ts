'use client';

import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { FeedPage } from '@/lib/feed/find-feed-posts';
import { apiGet, apiPost } from '../mail/mail-api';
import { apiDelete } from './feed-api';

export const feedKeys = { posts: ['feed', 'posts'] as const };

type FeedData = InfiniteData<FeedPage, string | undefined>;

/** The organization's feed, newest first, a page at a time (keyset cursor); the first page comes with the page. */
export function useFeedPosts(initialPage: FeedPage) {
  return useInfiniteQuery({
    queryKey: feedKeys.posts,
    queryFn: ({ pageParam }) => apiGet<FeedPage>('/api/feed', { cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    initialData: { pages: [initialPage], pageParams: [undefined] },
    // Colleagues' posts are picked up on focus and every minute; the feed is not a chat.
    refetchInterval: 60_000,
  });
}

export function useCreateFeedPost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => apiPost<{ id: string }>('/api/feed', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: feedKeys.posts }),
  });
}

export function useDeleteFeedPost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(`/api/feed/${id}`),
    // Removed from the pages held rather than refetching them all.
    onSuccess: (_result, id) =>
      client.setQueryData<FeedData>(feedKeys.posts, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({ ...page, items: page.items.filter((post) => post.id !== id) })),
            }
          : data,
      ),
  });
}
