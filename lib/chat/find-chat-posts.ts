import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { chatPosts, users } from '@/db/schema';
import { getChatForMember } from '../access/chat-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';
import { toChatPostView, type ChatPostView } from './chat-post-view';

export const CHAT_PAGE_SIZE = 100;

export const chatPostsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  before: z.coerce.number().int().positive().optional(),
});

/**
 * Posts of a chat, oldest first, for a member: those after a post id (what a page polls for: only what is
 * new, never the history again), or the latest page before a post id (scrolling back), or the latest page.
 */
export async function findChatPosts(
  db: DbOrTx,
  options: { actor: Actor; chatId: string; after?: number; before?: number },
): Promise<ChatPostView[]> {
  const query = parseInput(chatPostsQuerySchema, { after: options.after, before: options.before });
  const chat = await getChatForMember(db, { actor: options.actor, chatId: options.chatId });
  if (query.after !== undefined)
    return selectPosts(db, { chatId: chat.id, after: query.after, limit: CHAT_PAGE_SIZE * 2 });
  return (await latestChatPosts(db, { chatId: chat.id, before: query.before, limit: CHAT_PAGE_SIZE })).posts;
}

/** The latest posts (before a post id, if given), oldest first, and whether there are earlier ones. */
export async function latestChatPosts(
  db: DbOrTx,
  options: { chatId: string; before?: number; limit: number },
): Promise<{ posts: ChatPostView[]; hasOlder: boolean }> {
  const rows = await db
    .select({ post: chatPosts, authorName: users.name })
    .from(chatPosts)
    .leftJoin(users, eq(users.id, chatPosts.authorUserId))
    .where(
      and(
        eq(chatPosts.chatId, options.chatId),
        options.before !== undefined ? lt(chatPosts.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(chatPosts.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit).reverse();
  return { posts: page.map((r) => toChatPostView(r.post, r.authorName)), hasOlder: rows.length > options.limit };
}

async function selectPosts(
  db: DbOrTx,
  options: { chatId: string; after: number; limit: number },
): Promise<ChatPostView[]> {
  const rows = await db
    .select({ post: chatPosts, authorName: users.name })
    .from(chatPosts)
    .leftJoin(users, eq(users.id, chatPosts.authorUserId))
    .where(and(eq(chatPosts.chatId, options.chatId), gt(chatPosts.id, options.after)))
    .orderBy(asc(chatPosts.id))
    .limit(options.limit);
  return rows.map((r) => toChatPostView(r.post, r.authorName));
}
