import { getDb } from '@/db/client';
import { getChat } from '@/lib/chat/get-chat';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(null, (_input, session, _request, params) =>
  getChat(getDb(), { actor: actorOf(session), chatId: params.id ?? '' }),
);
