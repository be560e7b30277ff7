import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { feedPosts } from '@/db/schema';
import { feedUserOf, getFeedPostForActor } from '../access/feed-access';
import type { Actor } from '../access/actor';
import { unlinkTarget } from '../work/message-links';

/**
 * Deletes a post (its author, or an admin). The message link goes in the same transaction, so the quoted
 * message's link kinds never claim a post that no longer exists.
 */
export async function deleteFeedPost(db: DbOrTx, options: { actor: Actor; postId: string }): Promise<void> {
  const actor = feedUserOf(options.actor);
  await db.transaction(async (tx) => {
    const post = await getFeedPostForActor(tx, { actor, postId: options.postId, permission: 'delete' });
    await unlinkTarget(tx, { orgId: actor.orgId, kind: 'feed', targetId: post.id });
    await tx.delete(feedPosts).where(eq(feedPosts.id, post.id));
  });
}
