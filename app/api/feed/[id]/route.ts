import { getDb } from '@/db/client';
import { deleteFeedPost } from '@/lib/feed/delete-feed-post';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const DELETE = authedRoute(null, (_input, session, _request, params) =>
  deleteFeedPost(getDb(), { actor: actorOf(session), postId: params.id ?? '' }),
);
