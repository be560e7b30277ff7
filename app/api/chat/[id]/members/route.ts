import { getDb } from '@/db/client';
import { addChatMembers } from '@/lib/chat/add-chat-members';
import { addChatMembersSchema } from '@/lib/chat/chat-schema';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const POST = authedRoute(addChatMembersSchema, ({ userIds }, session, _request, params) =>
  addChatMembers(getDb(), { actor: actorOf(session), chatId: params.id ?? '', userIds }),
);
