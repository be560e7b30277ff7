import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { feedPosts, type FeedPost } from '@/db/schema';
import { AppError } from '../errors';
import type { Actor } from './actor';

export type FeedUser = Extract<Actor, { kind: 'user' }>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The feed is the organization talking to itself: only a signed-in user posts or reads. */
export function feedUserOf(actor: Actor): FeedUser {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', { message: `Feed operations need a user, not ${actor.kind}` });
  return actor;
}

/** Whether the actor may delete a post of their organization: its author, or an admin (moderation). */
export function canDeleteFeedPost(actor: FeedUser, post: Pick<FeedPost, 'authorUserId'>): boolean {
  return post.authorUserId === actor.userId || actor.role === 'admin';
}

/**
 * A post of the actor's organization (the feed is visible to all of it). Posts of other organizations and
 * unknown ids are not_found alike; with `delete`, a colleague who is neither author nor admin is refused.
 */
export async function getFeedPostForActor(
  db: DbOrTx,
  options: { actor: Actor; postId: string; permission: 'view' | 'delete' },
): Promise<FeedPost> {
  const actor = feedUserOf(options.actor);
  const notFound = () =>
    new AppError('not_found', {
      message: `Post ${options.postId} not in org ${actor.orgId}`,
      problem: { key: 'feed.postNotFound' },
    });
  if (!uuidPattern.test(options.postId)) throw notFound();
  const [post] = await db
    .select()
    .from(feedPosts)
    .where(and(eq(feedPosts.id, options.postId), eq(feedPosts.orgId, actor.orgId)))
    .limit(1);
  if (!post) throw notFound();
  if (options.permission === 'delete' && !canDeleteFeedPost(actor, post)) {
    throw new AppError('forbidden', {
      message: `User ${actor.userId} may not delete post ${post.id}`,
      problem: { key: 'feed.deleteNotAllowed' },
    });
  }
  return post;
}
