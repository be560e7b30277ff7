import { getDb } from '@/db/client';
import { createChatSchema } from '@/lib/chat/chat-schema';
import { createChat } from '@/lib/chat/create-chat';
import { listChats } from '@/lib/chat/list-chats';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(null, (_input, session) => listChats(getDb(), { actor: actorOf(session) }));

export const POST = authedRoute(createChatSchema, (input, session) =>
  createChat(getDb(), { actor: actorOf(session), input }),
);
