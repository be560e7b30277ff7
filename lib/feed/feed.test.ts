import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { feedPosts, messageLinks, messages } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { createFeedPost } from './create-feed-post';
import { deleteFeedPost } from './delete-feed-post';
import { findFeedPosts } from './find-feed-posts';

type UserActor = Extract<Actor, { kind: 'user' }>;
const actorOf = (u: { id: string; orgId: string; role: 'admin' | 'employee' }): UserActor => ({
  kind: 'user',
  userId: u.id,
  orgId: u.orgId,
  role: u.role,
});

let owner: UserActor;
let colleague: UserActor;
let admin: UserActor;
let stranger: UserActor;
let messageId: number;

beforeAll(async () => {
  const db = getDb();
  const [org, otherOrg] = await Promise.all([createTestOrg(db), createTestOrg(db)]);
  const users = await Promise.all([
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id, role: 'admin' }),
    createTestUser(db, { orgId: otherOrg.id }),
  ]);
  [owner, colleague, admin, stranger] = users.map(actorOf) as [UserActor, UserActor, UserActor, UserActor];
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  [messageId] = (await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 })) as [number];
});
afterAll(closeDb);

const linkKinds = async () =>
  (await getDb().select({ kinds: messages.linkKinds }).from(messages).where(eq(messages.id, messageId)))[0]?.kinds;

async function allPosts(actor: UserActor, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await findFeedPosts(getDb(), { actor, cursor, limit });
    seen.push(...page.items.map((p) => p.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe('feed', () => {
  it('a post quoting a message links it, keeps its quote, and is seen by the whole organization only', async () => {
    const { id } = await createFeedPost(getDb(), {
      actor: owner,
      input: { body: ' Look at this ', quotedMessageId: messageId },
    });
    expect(await linkKinds()).toContain('feed');
    const [row] = await getDb().select().from(feedPosts).where(eq(feedPosts.id, id));
    expect(row).toMatchObject({
      body: 'Look at this',
      quotedMessageId: messageId,
      quote: { subject: 'Test message 0' },
    });

    const [mine] = (await findFeedPosts(getDb(), { actor: owner })).items;
    expect(mine).toMatchObject({ id, canDelete: true, quote: { subject: 'Test message 0' } });
    expect(mine?.messageHref).toMatch(new RegExp(`^/mail\\?folder=\\d+&m=${messageId}$`));
    // Colleagues see the quote; the link to the mail only shows for people who may read that mailbox.
    expect((await findFeedPosts(getDb(), { actor: colleague })).items[0]).toMatchObject({
      id,
      canDelete: false,
      messageHref: null,
      quote: { subject: 'Test message 0' },
    });
    expect((await findFeedPosts(getDb(), { actor: stranger })).items.map((p) => p.id)).not.toContain(id);
    await expect(deleteFeedPost(getDb(), { actor: stranger, postId: id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to quote a message the author cannot read, and empty or long posts', async () => {
    await expect(
      createFeedPost(getDb(), { actor: colleague, input: { body: 'Hi', quotedMessageId: messageId } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      createFeedPost(getDb(), { actor: stranger, input: { body: 'Hi', quotedMessageId: messageId } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(createFeedPost(getDb(), { actor: owner, input: { body: '  ' } })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(createFeedPost(getDb(), { actor: owner, input: { body: 'x'.repeat(4001) } })).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('is deleted by its author or an admin, and the quoted message loses the link', async () => {
    const second = await createFeedPost(getDb(), {
      actor: owner,
      input: { body: 'Second quote', quotedMessageId: messageId },
    });
    await expect(deleteFeedPost(getDb(), { actor: colleague, postId: second.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await deleteFeedPost(getDb(), { actor: admin, postId: second.id });
    expect(await linkKinds()).toContain('feed');
    for (const { targetId } of await getDb()
      .select({ targetId: messageLinks.targetId })
      .from(messageLinks)
      .where(eq(messageLinks.messageId, messageId))) {
      await deleteFeedPost(getDb(), { actor: owner, postId: targetId });
    }
    expect(await linkKinds()).toEqual([]);
    await expect(deleteFeedPost(getDb(), { actor: owner, postId: second.id })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('pages newest first without repeats or gaps, posts of the same instant included', async () => {
    const org = await createTestOrg(getDb());
    const author = actorOf(await createTestUser(getDb(), { orgId: org.id }));
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await createFeedPost(getDb(), { actor: author, input: { body: `post ${i}` } })).id);
    // Six posts in one transaction share now(): only the id orders them.
    const sameInstant = await getDb().transaction((tx) =>
      tx
        .insert(feedPosts)
        .values(
          Array.from({ length: 6 }, (_, i) => ({ orgId: org.id, authorUserId: author.userId, body: `batch ${i}` })),
        )
        .returning({ id: feedPosts.id }),
    );
    const expected = [
      ...sameInstant
        .map((p) => p.id)
        .sort()
        .reverse(),
      ...ids.reverse(),
    ];
    expect(await allPosts(author, 4)).toEqual(expected);
    expect(await allPosts(author, 100)).toEqual(expected);
    await expect(findFeedPosts(getDb(), { actor: author, cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
