import type { ChatPost } from '@/db/schema';

/** A post as the chat page and the API show it; ids increase, so the last one is the polling cursor. */
export type ChatPostView = { id: number; body: string; author: { id: string; name: string } | null; createdAt: string };

export function toChatPostView(post: ChatPost, authorName: string | null): ChatPostView {
  return {
    id: post.id,
    body: post.body,
    author: post.authorUserId && authorName !== null ? { id: post.authorUserId, name: authorName } : null,
    createdAt: post.createdAt.toISOString(),
  };
}
