import { getDb } from '@/db/client';
import { chatPostSchema } from '@/lib/chat/chat-schema';
import { chatPostsQuerySchema, findChatPosts } from '@/lib/chat/find-chat-posts';
import { postToChat } from '@/lib/chat/post-to-chat';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// Polled every few seconds by an open chat with ?after=<last post id>: only new posts travel.
export const GET = authedRoute(chatPostsQuerySchema, ({ after, before }, session, _request, params) =>
  findChatPosts(getDb(), { actor: actorOf(session), chatId: params.id ?? '', after, before }),
);

export const POST = authedRoute(chatPostSchema, ({ body }, session, _request, params) =>
  postToChat(getDb(), { actor: actorOf(session), chatId: params.id ?? '', body }),
);
