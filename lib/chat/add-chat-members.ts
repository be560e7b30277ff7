import type { DbOrTx } from '@/db/client';
import { getChatForMember } from '../access/chat-access';
import type { Actor } from '../access/actor';
import { parseInput } from '../validation';
import { insertChatMembers, listChatMembers, throwIfNotColleagues, type ChatMemberView } from './chat-members';
import { addChatMembersSchema } from './chat-schema';

/** Any member may bring more colleagues into a chat; they then read its whole history. Returns the members. */
export async function addChatMembers(
  db: DbOrTx,
  options: { actor: Actor; chatId: string; userIds: string[] },
): Promise<ChatMemberView[]> {
  const { userIds } = parseInput(addChatMembersSchema, { userIds: options.userIds });
  const chat = await getChatForMember(db, { actor: options.actor, chatId: options.chatId });
  await throwIfNotColleagues(db, { orgId: chat.orgId, userIds });
  await insertChatMembers(db, { orgId: chat.orgId, chatId: chat.id, userIds });
  return listChatMembers(db, { chatId: chat.id });
}
