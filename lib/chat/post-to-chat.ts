import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { chatPosts, chats, users } from '@/db/schema';
import { chatUserOf, getChatForMember } from '../access/chat-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';
import { toChatPostView, type ChatPostView } from './chat-post-view';
import { chatPostSchema } from './chat-schema';

/** A member writes in a chat. The post comes back so the writer's page shows it at once. */
export async function postToChat(
  db: DbOrTx,
  options: { actor: Actor; chatId: string; body: string },
): Promise<ChatPostView> {
  const actor = chatUserOf(options.actor);
  const { body } = parseInput(chatPostSchema, { body: options.body });
  return db.transaction(async (tx) => {
    const chat = await getChatForMember(tx, { actor, chatId: options.chatId });
    // Readers poll with "posts after the last id I have". Two writers could otherwise commit ids out of order
    // (11 visible before 10), and a reader already past 11 would never see 10; holding the chat row while the
    // id is drawn makes a chat's ids become visible in order. `no key update` still lets members be added.
    await tx.execute(sql`select 1 from ${chats} where ${chats.id} = ${chat.id} for no key update`);
    const [post] = await tx
      .insert(chatPosts)
      .values({ orgId: chat.orgId, chatId: chat.id, authorUserId: actor.userId, body })
      .returning();
    const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId)).limit(1);
    return toChatPostView(post!, author?.name ?? null);
  });
}
