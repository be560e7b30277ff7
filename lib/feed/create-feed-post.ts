import type { DbOrTx } from '@/db/client';
import { feedPosts } from '@/db/schema';
import { feedUserOf } from '../access/feed-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import { linkMessage, lockMessageForLink } from '../work/message-links';
import { loadMessageSource } from '../work/message-source';
import { createFeedPostSchema, type CreateFeedPostInput } from './feed-schema';

/**
 * A post for the whole organization, optionally quoting a message the actor may read. The quote is a copy:
 * colleagues without access to that mailbox see what it was about, not the mail itself. Post and link are
 * written in one transaction with the message row locked, so a purge cannot slip between them.
 */
export async function createFeedPost(
  db: DbOrTx,
  options: { actor: Actor; input: CreateFeedPostInput },
): Promise<{ id: string }> {
  const actor = feedUserOf(options.actor);
  const input = parseInput(createFeedPostSchema, options.input);
  const source =
    input.quotedMessageId !== undefined
      ? await loadMessageSource(db, { actor, messageId: input.quotedMessageId })
      : null;

  return db.transaction(async (tx) => {
    if (source && !(await lockMessageForLink(tx, source.message.id))) {
      throw new AppError('not_found', { problem: { key: 'mail.messageGone' } });
    }
    const [post] = await tx
      .insert(feedPosts)
      .values({
        orgId: actor.orgId,
        authorUserId: actor.userId,
        body: input.body,
        quotedMessageId: source?.message.id ?? null,
        quote: source?.quote ?? null,
      })
      .returning({ id: feedPosts.id });
    if (source)
      await linkMessage(tx, {
        orgId: actor.orgId,
        messageId: source.message.id,
        kind: 'feed',
        targetId: post!.id,
        userId: actor.userId,
      });
    return { id: post!.id };
  });
}
