import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { chatMembers, users } from '@/db/schema';
import { fieldError } from '../validation';

export type ChatMemberView = { id: string; name: string; email: string };

/**
 * Only active people of the actor's organization can be brought into a chat. An id from elsewhere is refused
 * like a deactivated colleague, without saying which organization it belongs to.
 */
export async function throwIfNotColleagues(db: DbOrTx, options: { orgId: string; userIds: string[] }): Promise<void> {
  if (options.userIds.length === 0) return;
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, options.userIds), eq(users.orgId, options.orgId), eq(users.active, true)));
  if (found.length !== options.userIds.length) {
    throw fieldError('memberUserIds', { key: 'chat.membersNotColleagues' });
  }
}

/** Adds people to a chat; those already in it stay as they are. */
export async function insertChatMembers(
  db: DbOrTx,
  options: { orgId: string; chatId: string; userIds: string[] },
): Promise<void> {
  if (options.userIds.length === 0) return;
  await db
    .insert(chatMembers)
    .values(options.userIds.map((userId) => ({ chatId: options.chatId, userId, orgId: options.orgId })))
    .onConflictDoNothing();
}

export async function listChatMembers(db: DbOrTx, options: { chatId: string }): Promise<ChatMemberView[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(eq(chatMembers.chatId, options.chatId))
    .orderBy(asc(users.name), asc(users.id));
}
