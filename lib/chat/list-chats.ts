import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { chatMembers, chatPosts, chats, users } from '@/db/schema';
import { chatUserOf } from '../access/chat-access';
import type { Actor } from '../access/actor';

export type ChatSummary = {
  id: string;
  title: string;
  lastActivityAt: string;
  lastPost: { authorName: string | null; excerpt: string } | null;
};

const LIST_LIMIT = 200;
const EXCERPT_CHARS = 140;

/** The chats the actor is a member of, the one with the latest post (or the newest chat) first. */
export async function listChats(db: DbOrTx, options: { actor: Actor }): Promise<ChatSummary[]> {
  const actor = chatUserOf(options.actor);
  // The last post per chat through the (chat_id, id) index, rather than aggregating every post of every chat.
  const last = db
    .select({ body: chatPosts.body, createdAt: chatPosts.createdAt, authorName: users.name })
    .from(chatPosts)
    .leftJoin(users, eq(users.id, chatPosts.authorUserId))
    .where(eq(chatPosts.chatId, chats.id))
    .orderBy(desc(chatPosts.id))
    .limit(1)
    .as('last_post');
  const activity = sql<Date>`coalesce(${last.createdAt}, ${chats.createdAt})`;
  const rows = await db
    .select({
      id: chats.id,
      title: chats.title,
      activity: activity.mapWith(chats.createdAt),
      body: last.body,
      authorName: last.authorName,
    })
    .from(chats)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, actor.userId)))
    .leftJoinLateral(last, sql`true`)
    .where(eq(chats.orgId, actor.orgId))
    .orderBy(desc(activity), desc(chats.id))
    .limit(LIST_LIMIT);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    lastActivityAt: row.activity.toISOString(),
    lastPost:
      row.body === null
        ? null
        : {
            authorName: row.authorName,
            excerpt: row.body.length > EXCERPT_CHARS ? `${row.body.slice(0, EXCERPT_CHARS - 1)}…` : row.body,
          },
  }));
}
