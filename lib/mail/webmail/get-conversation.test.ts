import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxAccess, mailFolders, messages } from '@/db/schema';
import { appendMessages, generateMessage } from '@/scripts/test-servers/seed-mail';
import { createTestUser } from '@/test/factories';
import { connectedMailbox, daysAgo, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { inProcessParser } from '../parse/parse-input';
import { syncMailbox } from '../sync/sync-mailbox';
import { getConversation } from './get-conversation';
import { listConversations } from './list-conversations';

const servers = useMailServers();

/** A question in the INBOX, the reply from Sent, an answer back, a junked copy and a trashed one: one thread. */
async function conversationBox() {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const tag = Math.random().toString(36).slice(2);
  const id = (name: string) => `<${name}.${tag}@example.test>`;
  const append = (
    folder: string,
    list: Array<{ name: string; days: number; subject: string; refs?: string[]; from?: string; flags?: string[] }>,
  ) =>
    appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      folder,
      messages: list.map((m) => ({
        raw: generateMessage({
          subject: m.subject,
          date: daysAgo(m.days),
          messageId: id(m.name),
          from: m.from,
          headers: m.refs ? { 'In-Reply-To': id(m.refs.at(-1)!), References: m.refs.map(id).join(' ') } : undefined,
        }),
        internalDate: daysAgo(m.days),
        flags: m.flags,
      })),
    });
  await append('INBOX', [
    { name: 'question', days: 5, subject: 'Budget 2027', flags: ['\\Seen'] },
    {
      name: 'answer',
      days: 3,
      subject: 'Re: Re: Budget 2027',
      refs: ['question', 'reply'],
      from: 'Carol <carol@example.test>',
    },
    { name: 'other', days: 4, subject: 'Unrelated' },
  ]);
  await append('Sent', [
    { name: 'reply', days: 4, subject: 'Re: Budget 2027', refs: ['question'], from: box.email, flags: ['\\Seen'] },
  ]);
  await append('Trash', [{ name: 'trashed', days: 2, subject: 'Re: Budget 2027', refs: ['question'] }]);
  await append('Junk', [{ name: 'junked', days: 1, subject: 'Re: Budget 2027', refs: ['question'] }]);
  await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser });
  const folderId = async (path: string) =>
    (
      await getDb()
        .select({ id: mailFolders.id })
        .from(mailFolders)
        .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.path, path)))
    )[0]!.id;
  const [question] = await getDb()
    .select({ threadId: messages.threadId })
    .from(messages)
    .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, 'Budget 2027')));
  const owner: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  return { box, owner, threadId: question!.threadId!, folderId };
}

describe('getConversation', () => {
  it('reads the conversation oldest first across folders, Sent included, Trash and Junk only when opened there', async () => {
    const { owner, threadId, folderId } = await conversationBox();
    const inbox = await folderId('INBOX');
    const view = await getConversation(getDb(), { actor: owner, threadId, folderId: inbox });
    expect(view.subject).toBe('Budget 2027');
    expect(view.messages.map((m) => [m.subject, m.folderSpecialUse, m.seen])).toEqual([
      ['Budget 2027', 'inbox', true],
      ['Re: Budget 2027', 'sent', true],
      ['Re: Re: Budget 2027', 'inbox', false],
    ]);
    expect(view.messages[2]).toMatchObject({
      fromName: 'Carol',
      fromAddress: 'carol@example.test',
      folderName: 'INBOX',
    });
    const fromTrash = await getConversation(getDb(), { actor: owner, threadId, folderId: await folderId('Trash') });
    expect(fromTrash.messages.map((m) => m.folderSpecialUse)).toEqual(['inbox', 'sent', 'inbox', 'trash']);
    const fromJunk = await getConversation(getDb(), { actor: owner, threadId, folderId: await folderId('Junk') });
    expect(fromJunk.messages.map((m) => m.folderSpecialUse)).toEqual(['inbox', 'sent', 'inbox', 'junk']);

    // The list row of the INBOX: two messages here, five in the whole thread, one unread here.
    const list = await listConversations(getDb(), { actor: owner, folderId: inbox });
    const row = list.items.find((c) => c.threadId === threadId);
    expect(row).toMatchObject({ folderMessageCount: 2, messageCount: 5, unreadCount: 1, seen: false });
    expect(row?.subject).toBe('Re: Re: Budget 2027');
    expect(list.items).toHaveLength(2);
  });

  it('is not found without access, for a revoked grantee, and for a thread of another mailbox', async () => {
    const { box, owner, threadId, folderId } = await conversationBox();
    const inbox = await folderId('INBOX');
    const grantee = await createTestUser(getDb(), { orgId: box.org.id });
    const asGrantee: Actor = { kind: 'user', userId: grantee.id, orgId: box.org.id, role: 'employee' };
    await expect(getConversation(getDb(), { actor: asGrantee, threadId, folderId: inbox })).rejects.toMatchObject({
      code: 'not_found',
    });
    await getDb()
      .insert(mailboxAccess)
      .values({ orgId: box.org.id, mailboxId: box.mailbox.id, userId: grantee.id, level: 'read' });
    expect((await getConversation(getDb(), { actor: asGrantee, threadId, folderId: inbox })).messages).toHaveLength(3);
    await getDb().delete(mailboxAccess).where(eq(mailboxAccess.userId, grantee.id));
    await expect(getConversation(getDb(), { actor: asGrantee, threadId, folderId: inbox })).rejects.toMatchObject({
      code: 'not_found',
    });

    // The owner's other mailbox cannot be used to open this thread, nor this folder to open a foreign thread.
    const other = await conversationBox();
    await expect(
      getConversation(getDb(), { actor: other.owner, threadId, folderId: await other.folderId('INBOX') }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      getConversation(getDb(), { actor: owner, threadId: other.threadId, folderId: inbox }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
