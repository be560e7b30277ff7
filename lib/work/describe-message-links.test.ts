import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { chatMembers, chats, feedPosts, mailboxAccess, tasks } from '@/db/schema';
import {
  createTestMailbox,
  createTestMessages,
  createTestOrg,
  createTestUser,
  linkTestMessage,
} from '@/test/factories';
import type { Actor } from '../access/actor';
import { describeMessageLinks } from './describe-message-links';

type UserActor = Extract<Actor, { kind: 'user' }>;
let owner: UserActor;
let grantee: UserActor;
let messageId: number;
let ids: { task: string; chat: string; post: string };

beforeAll(async () => {
  const db = getDb();
  const org = await createTestOrg(db);
  const [u1, u2] = await Promise.all([createTestUser(db, { orgId: org.id }), createTestUser(db, { orgId: org.id })]);
  [owner, grantee] = [u1, u2].map((u) => ({ kind: 'user' as const, userId: u.id, orgId: org.id, role: u.role })) as [
    UserActor,
    UserActor,
  ];
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  await db
    .insert(mailboxAccess)
    .values({ orgId: org.id, mailboxId: mailbox.id, userId: grantee.userId, level: 'read' });
  [messageId] = (await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 })) as [number];
  const [task] = await db
    .insert(tasks)
    .values({ orgId: org.id, title: 'Call the supplier', creatorUserId: owner.userId, responsibleUserId: owner.userId })
    .returning();
  const [chat] = await db
    .insert(chats)
    .values({ orgId: org.id, title: 'About the order', createdByUserId: owner.userId })
    .returning();
  await db.insert(chatMembers).values({ orgId: org.id, chatId: chat!.id, userId: owner.userId });
  const [post] = await db
    .insert(feedPosts)
    .values({ orgId: org.id, authorUserId: owner.userId, body: 'Big order in' })
    .returning();
  ids = { task: task!.id, chat: chat!.id, post: post!.id };
  await linkTestMessage(db, { orgId: org.id, messageId, kind: 'task', targetId: ids.task });
  await linkTestMessage(db, { orgId: org.id, messageId, kind: 'chat', targetId: ids.chat });
  await linkTestMessage(db, { orgId: org.id, messageId, kind: 'feed', targetId: ids.post });
});
afterAll(closeDb);

describe('describeMessageLinks', () => {
  it('names the work and where it opens for someone who may see it', async () => {
    expect(await describeMessageLinks(getDb(), { actor: owner, messageId })).toEqual([
      { kind: 'task', targetId: ids.task, title: 'Call the supplier', href: `/tasks/${ids.task}` },
      { kind: 'chat', targetId: ids.chat, title: 'About the order', href: `/chat/${ids.chat}` },
      { kind: 'feed', targetId: ids.post, title: 'Big order in', href: `/feed#post-${ids.post}` },
    ]);
  });

  it('shows a colleague who reads the mailbox only the kind of work they are not part of', async () => {
    expect(await describeMessageLinks(getDb(), { actor: grantee, messageId })).toEqual([
      { kind: 'task', targetId: ids.task, title: null, href: null },
      { kind: 'chat', targetId: ids.chat, title: null, href: null },
      // The feed is the organization's.
      { kind: 'feed', targetId: ids.post, title: 'Big order in', href: `/feed#post-${ids.post}` },
    ]);
  });
});
