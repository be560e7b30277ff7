import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { chatMembers, chats, type Chat } from '@/db/schema';
import { AppError } from '../errors';
import type { Actor } from './actor';

export type ChatUser = Extract<Actor, { kind: 'user' }>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Chats are between people: only a signed-in user starts, reads or writes one. */
export function chatUserOf(actor: Actor): ChatUser {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', { message: `Chat operations need a user, not ${actor.kind}` });
  return actor;
}

/**
 * A chat the actor is a member of. Everyone else — colleagues outside it, admins, other organizations — gets
 * not_found, so a chat's existence is not revealed to people who were not invited.
 */
export async function getChatForMember(db: DbOrTx, options: { actor: Actor; chatId: string }): Promise<Chat> {
  const actor = chatUserOf(options.actor);
  const notFound = () =>
    new AppError('not_found', {
      message: `Chat ${options.chatId} not visible to ${actor.userId}`,
      problem: { key: 'chat.notFound' },
    });
  if (!uuidPattern.test(options.chatId)) throw notFound();
  const [row] = await db
    .select({ chat: chats })
    .from(chats)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, actor.userId)))
    .where(and(eq(chats.id, options.chatId), eq(chats.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound();
  return row.chat;
}
