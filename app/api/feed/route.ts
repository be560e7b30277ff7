import { getDb } from '@/db/client';
import { createFeedPost } from '@/lib/feed/create-feed-post';
import { createFeedPostSchema, feedQuerySchema } from '@/lib/feed/feed-schema';
import { findFeedPosts } from '@/lib/feed/find-feed-posts';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(feedQuerySchema, ({ cursor }, session) =>
  findFeedPosts(getDb(), { actor: actorOf(session), cursor }),
);

export const POST = authedRoute(createFeedPostSchema, (input, session) =>
  createFeedPost(getDb(), { actor: actorOf(session), input }),
);
