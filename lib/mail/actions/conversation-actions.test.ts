import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxAccess, mailFolders, messages } from '@/db/schema';
import { appendMessages, generateMessage } from '@/scripts/test-servers/seed-mail';
import { createTestOrg, createTestUser } from '@/test/factories';
import { connectedMailbox, daysAgo, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { inProcessParser } from '../parse/parse-input';
import { syncMailbox } from '../sync/sync-mailbox';
import { listConversations } from '../webmail/list-conversations';
import { applyConversationAction, conversationActionSchema } from './apply-conversation-action';

const servers = useMailServers();

/** Two conversations in the INBOX (one with a reply in Sent) and a single message. */
async function conversationsBox() {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const tag = Math.random().toString(36).slice(2);
  const id = (name: string) => `<${name}.${tag}@example.test>`;
  const message = (name: string, days: number, refs: string[] = []) => ({
    raw: generateMessage({
      subject: refs.length ? `Re: ${refs[0]}` : name,
      date: daysAgo(days),
      messageId: id(name),
      headers: refs.length ? { 'In-Reply-To': id(refs.at(-1)!), References: refs.map(id).join(' ') } : undefined,
    }),
    internalDate: daysAgo(days),
  });
  const append = (folder: string, list: ReturnType<typeof message>[]) =>
    appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      folder,
      messages: list,
    });
  await append('INBOX', [
    message('alpha', 6),
    message('alpha-2', 4, ['alpha', 'alpha-sent']),
    message('beta', 5),
    message('beta-2', 3, ['beta']),
    message('single', 2),
  ]);
  await append('Sent', [message('alpha-sent', 5, ['alpha'])]);
  await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser });

  const db = getDb();
  const folders = await db.select().from(mailFolders).where(eq(mailFolders.mailboxId, box.mailbox.id));
  const folder = (path: string) => folders.find((f) => f.path === path)!.id;
  const rows = await db.select().from(messages).where(eq(messages.mailboxId, box.mailbox.id));
  const thread = (subject: string) => rows.find((r) => r.subject === subject)!.threadId!;
  const owner: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  /** Subjects and \Seen per folder on the server, read by another client. */
  const server = async (path: string) => {
    const client = await box.otherClient();
    try {
      await client.mailboxOpen(path);
      const all = await client.fetchAll('1:*', { envelope: true, flags: true }).catch(() => []);
      return all.map((m) => `${m.envelope?.subject}${m.flags?.has('\\Seen') ? ' (seen)' : ''}`).sort();
    } finally {
      await client.logout();
    }
  };
  const local = async () =>
    (await db.select().from(messages).where(eq(messages.mailboxId, box.mailbox.id))).map((r) => ({
      id: r.id,
      folder: folders.find((f) => f.id === r.folderId)!.path,
      subject: r.subject,
    }));
  const act = (input: unknown, actor: Actor = owner) =>
    applyConversationAction(db, { actor, action: conversationActionSchema.parse(input) });
  return { box, owner, folder, thread, server, local, act, ids: rows.map((r) => r.id).sort() };
}

describe('conversation actions', () => {
  it('read and flag act on the conversation in the folder only, on the server first, and name the messages', async () => {
    const { owner, folder, thread, server, act } = await conversationsBox();
    const inbox = folder('INBOX');
    const result = await act({ action: 'read', threadIds: [thread('alpha')], threadFolderId: inbox });
    expect(result.updated).toBe(2);
    expect(result.targets.map((t) => [t.folderId, t.seen])).toEqual([
      [inbox, false],
      [inbox, false],
    ]);
    expect([...result.messageIds].sort()).toEqual(result.targets.map((t) => t.id).sort());
    expect(await server('INBOX')).toEqual(['Re: alpha (seen)', 'Re: beta', 'alpha (seen)', 'beta', 'single']);
    // The Sent reply belongs to the conversation but not to its INBOX row.
    expect(await server('Sent')).toEqual(['Re: alpha']);
    const row = async () =>
      (await listConversations(getDb(), { actor: owner, folderId: inbox })).items.find(
        (c) => c.threadId === thread('alpha'),
      );
    expect(await row()).toMatchObject({ seen: true, unreadCount: 0, flagged: false, messageCount: 3 });
    await act({ action: 'flag', threadIds: [thread('alpha')], threadFolderId: inbox });
    expect(await row()).toMatchObject({ flagged: true });
    // Conversations and single messages in one request.
    const both = await act({
      action: 'unread',
      threadIds: [thread('alpha')],
      messageIds: [result.messageIds[0]],
      threadFolderId: inbox,
    });
    expect(both.messageIds).toHaveLength(2);
    expect(await row()).toMatchObject({ seen: false, unreadCount: 2 });
  });

  it('moves a conversation and undoes it by the ids it answered with; spam and delete take the whole row', async () => {
    const { owner, folder, thread, server, local, act, ids } = await conversationsBox();
    const inbox = folder('INBOX');
    const moved = await act({
      action: 'move',
      threadIds: [thread('alpha')],
      threadFolderId: inbox,
      folderId: folder('Archive'),
    });
    expect(moved.updated).toBe(2);
    expect(await server('Archive')).toEqual(['Re: alpha', 'alpha']);
    const inInbox = async () =>
      (await listConversations(getDb(), { actor: owner, folderId: inbox })).items.map((c) => c.subject).sort();
    expect(await inInbox()).toEqual(['Re: beta', 'single']);
    const archived = await listConversations(getDb(), { actor: owner, folderId: folder('Archive') });
    expect(archived.items.map((c) => [c.threadId, c.folderMessageCount, c.messageCount])).toEqual([
      [thread('alpha'), 2, 3],
    ]);

    // Undo, as the page does it: the answered messages back where they were.
    await act({ action: 'move', messageIds: moved.messageIds, folderId: moved.targets[0]!.folderId });
    expect(await inInbox()).toEqual(['Re: alpha', 'Re: beta', 'single']);
    expect((await local()).map((m) => m.id).sort()).toEqual(ids);

    expect(await act({ action: 'spam', threadIds: [thread('beta')], threadFolderId: inbox })).toMatchObject({
      updated: 2,
    });
    expect(await server('Junk')).toEqual(['Re: beta', 'beta']);
    expect(await act({ action: 'delete', threadIds: [thread('alpha')], threadFolderId: inbox })).toMatchObject({
      updated: 2,
      deletedForGood: 0,
    });
    expect(await server('Trash')).toEqual(['Re: alpha', 'alpha']);
    const forGood = await act({ action: 'delete', threadIds: [thread('alpha')], threadFolderId: folder('Trash') });
    expect(forGood).toMatchObject({ deletedForGood: 2 });
    expect(await server('Trash')).toEqual([]);
    expect(await server('Sent')).toEqual(['Re: alpha']);
  });

  it('a parallel burst of the same and different conversation actions applies each once and loses nothing', async () => {
    const { box, folder, thread, server, local, act, ids } = await conversationsBox();
    const inbox = folder('INBOX');
    const archive = folder('Archive');
    const burst = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const threadIds = [thread(i % 2 === 0 ? 'alpha' : 'beta')];
        if (i % 3 === 2) return act({ action: 'read', threadIds, threadFolderId: inbox });
        return act({ action: 'move', threadIds, threadFolderId: inbox, folderId: archive });
      }),
    );
    const moves = burst.filter((_, i) => i % 3 !== 2);
    // Each conversation moved once: the later requests found it gone from the INBOX and did nothing.
    expect(moves.reduce((sum, r) => sum + r.updated, 0)).toBe(4);
    expect(moves.filter((r) => r.updated > 0)).toHaveLength(2);
    expect((await server('Archive')).map((s) => s.replace(' (seen)', ''))).toEqual([
      'Re: alpha',
      'Re: beta',
      'alpha',
      'beta',
    ]);
    expect(await server('INBOX')).toEqual(['single']);
    const rows = await local();
    expect(rows.map((m) => m.id).sort()).toEqual(ids);
    expect(rows.filter((m) => m.folder === 'Archive')).toHaveLength(4);
    // What the database holds is what the server holds: a sync finds nothing to change.
    expect(await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser })).toMatchObject({
      imported: 0,
      removed: 0,
    });
  });

  it('refuses anyone without access to the mailbox, and a grantee as soon as the grant is revoked', async () => {
    const { box, folder, thread, server, act } = await conversationsBox();
    const inbox = folder('INBOX');
    const input = { action: 'read', threadIds: [thread('alpha')], threadFolderId: inbox };
    const colleague = await createTestUser(getDb(), { orgId: box.org.id });
    const asColleague: Actor = { kind: 'user', userId: colleague.id, orgId: box.org.id, role: 'employee' };
    const other = await createTestOrg(getDb());
    const foreign = await createTestUser(getDb(), { orgId: other.id, role: 'admin' });
    const outsider: Actor = { kind: 'user', userId: foreign.id, orgId: other.id, role: 'admin' };
    for (const actor of [asColleague, outsider])
      await expect(act(input, actor)).rejects.toMatchObject({ code: 'not_found' });

    await getDb()
      .insert(mailboxAccess)
      .values({ orgId: box.org.id, mailboxId: box.mailbox.id, userId: colleague.id, level: 'read' });
    expect(await act(input, asColleague)).toMatchObject({ updated: 2 });
    await getDb()
      .delete(mailboxAccess)
      .where(and(eq(mailboxAccess.mailboxId, box.mailbox.id), eq(mailboxAccess.userId, colleague.id)));
    await expect(
      act(
        { action: 'move', threadIds: [thread('beta')], threadFolderId: inbox, folderId: folder('Archive') },
        asColleague,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await server('Archive')).toEqual([]);
    // Messages of this mailbox named by id are refused the same way.
    const [one] = await getDb()
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), inArray(messages.folderId, [inbox])))
      .limit(1);
    await expect(act({ action: 'flag', messageIds: [one!.id] }, outsider)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('validates: something to act on, and the folder of the conversations', () => {
    expect(conversationActionSchema.safeParse({ action: 'read' }).success).toBe(false);
    expect(conversationActionSchema.safeParse({ action: 'read', threadIds: [1] }).success).toBe(false);
    expect(conversationActionSchema.safeParse({ action: 'move', threadIds: [1], threadFolderId: 2 }).success).toBe(
      false,
    );
    expect(conversationActionSchema.safeParse({ action: 'read', messageIds: [1] }).success).toBe(true);
  });
});
