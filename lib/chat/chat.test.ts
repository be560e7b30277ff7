import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { chats, messages } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { addChatMembers } from './add-chat-members';
import { createChat } from './create-chat';
import { findChatPosts } from './find-chat-posts';
import { getChat } from './get-chat';
import { listChats } from './list-chats';
import { postToChat } from './post-to-chat';

type UserActor = Extract<Actor, { kind: 'user' }>;
const actorOf = (u: { id: string; orgId: string; role: 'admin' | 'employee' }): UserActor => ({
  kind: 'user',
  userId: u.id,
  orgId: u.orgId,
  role: u.role,
});

let owner: UserActor;
let member: UserActor;
let outsider: UserActor;
let admin: UserActor;
let stranger: UserActor;
let messageId: number;

beforeAll(async () => {
  const db = getDb();
  const [org, otherOrg] = await Promise.all([createTestOrg(db), createTestOrg(db)]);
  const users = await Promise.all([
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id, role: 'admin' }),
    createTestUser(db, { orgId: otherOrg.id }),
  ]);
  [owner, member, outsider, admin, stranger] = users.map(actorOf) as [
    UserActor,
    UserActor,
    UserActor,
    UserActor,
    UserActor,
  ];
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  [messageId] = (await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 })) as [number];
});
afterAll(closeDb);

describe('chats', () => {
  it('made from a message, links it, keeps its quote and takes its subject as the title', async () => {
    const { id } = await createChat(getDb(), {
      actor: owner,
      input: { messageId, memberUserIds: [member.userId, member.userId], firstMessage: '  Thoughts?  ' },
    });
    const [message] = await getDb()
      .select({ kinds: messages.linkKinds })
      .from(messages)
      .where(eq(messages.id, messageId));
    expect(message?.kinds).toContain('chat');
    const [row] = await getDb().select().from(chats).where(eq(chats.id, id));
    expect(row?.quote).toMatchObject({ subject: 'Test message 0', fromAddress: 'sender@example.test' });

    const seenByOwner = await getChat(getDb(), { actor: owner, chatId: id });
    expect(seenByOwner).toMatchObject({ title: 'Test message 0', quote: { subject: 'Test message 0' } });
    expect(seenByOwner.messageHref).toMatch(new RegExp(`^/mail\\?folder=\\d+&m=${messageId}$`));
    expect(seenByOwner.members.map((m) => m.id).sort()).toEqual([owner.userId, member.userId].sort());
    expect(seenByOwner.posts.map((p) => [p.body, p.author?.id])).toEqual([['Thoughts?', owner.userId]]);
    // A member without access to the mailbox sees the quote, not a link to the mail.
    expect(await getChat(getDb(), { actor: member, chatId: id })).toMatchObject({
      quote: { subject: 'Test message 0' },
      messageHref: null,
    });
  });

  it('is refused from a message the actor cannot read, or with people from elsewhere', async () => {
    await expect(
      createChat(getDb(), { actor: outsider, input: { messageId, memberUserIds: [owner.userId] } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(createChat(getDb(), { actor: stranger, input: { messageId } })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      createChat(getDb(), { actor: owner, input: { title: 'Mixed', memberUserIds: [stranger.userId] } }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      createChat(getDb(), { actor: owner, input: { memberUserIds: [member.userId] } }),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('is read and written by its members only', async () => {
    const { id } = await createChat(getDb(), {
      actor: owner,
      input: { title: 'Private', memberUserIds: [member.userId] },
    });
    for (const actor of [outsider, admin, stranger]) {
      await expect(getChat(getDb(), { actor, chatId: id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(findChatPosts(getDb(), { actor, chatId: id, after: 0 })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(postToChat(getDb(), { actor, chatId: id, body: 'Hi' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(addChatMembers(getDb(), { actor, chatId: id, userIds: [actor.userId] })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect((await listChats(getDb(), { actor })).map((c) => c.id)).not.toContain(id);
    }
    await expect(getChat(getDb(), { actor: owner, chatId: 'garbage' })).rejects.toMatchObject({ code: 'not_found' });

    // Any member may bring in a colleague, who then reads the history; not someone from another organization.
    await postToChat(getDb(), { actor: member, chatId: id, body: 'Before you came' });
    await expect(
      addChatMembers(getDb(), { actor: member, chatId: id, userIds: [stranger.userId] }),
    ).rejects.toMatchObject({ code: 'validation' });
    const members = await addChatMembers(getDb(), { actor: member, chatId: id, userIds: [outsider.userId] });
    expect(members.map((m) => m.id).sort()).toEqual([owner.userId, member.userId, outsider.userId].sort());
    expect((await getChat(getDb(), { actor: outsider, chatId: id })).posts.map((p) => p.body)).toEqual([
      'Before you came',
    ]);
  });

  it('gives the posts after a cursor, in order, and lists chats by latest activity', async () => {
    const first = await createChat(getDb(), {
      actor: owner,
      input: { title: 'First', memberUserIds: [member.userId] },
    });
    const second = await createChat(getDb(), {
      actor: member,
      input: { title: 'Second', memberUserIds: [owner.userId] },
    });
    const posted = [];
    for (const body of ['one', 'two', 'three', 'four'])
      posted.push(await postToChat(getDb(), { actor: body === 'two' ? member : owner, chatId: first.id, body }));
    await expect(postToChat(getDb(), { actor: owner, chatId: first.id, body: '   ' })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(postToChat(getDb(), { actor: owner, chatId: first.id, body: 'x'.repeat(4001) })).rejects.toMatchObject(
      { code: 'validation' },
    );

    const after = await findChatPosts(getDb(), { actor: member, chatId: first.id, after: posted[1]!.id });
    expect(after.map((p) => p.body)).toEqual(['three', 'four']);
    expect(await findChatPosts(getDb(), { actor: member, chatId: first.id, after: posted[3]!.id })).toEqual([]);
    expect(
      (await findChatPosts(getDb(), { actor: member, chatId: first.id, before: posted[2]!.id })).map((p) => p.body),
    ).toEqual(['one', 'two']);
    expect((await findChatPosts(getDb(), { actor: member, chatId: first.id })).map((p) => p.body)).toEqual([
      'one',
      'two',
      'three',
      'four',
    ]);

    // "First" has the latest post, so it comes before "Second" although it was created earlier.
    const list = await listChats(getDb(), { actor: owner });
    const order = list.map((c) => c.id).filter((id) => id === first.id || id === second.id);
    expect(order).toEqual([first.id, second.id]);
    expect(list.find((c) => c.id === first.id)?.lastPost).toEqual({ authorName: expect.any(String), excerpt: 'four' });
    expect(list.find((c) => c.id === second.id)?.lastPost).toBeNull();
  });
});
