import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailFolders, messages } from '@/db/schema';
import { createTestOrg, createTestUser, linkTestMessage } from '@/test/factories';
import { connectedMailbox, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { inProcessParser } from '../parse/parse-input';
import { syncMailbox } from '../sync/sync-mailbox';
import { deleteMessages } from './delete-messages';
import { markAsSpam, moveMessages } from './move-messages';
import { setMessageFlags } from './set-message-flags';

const servers = useMailServers();

async function syncedBox(subjects: string[]) {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  await box.seed(
    'INBOX',
    subjects.map((subject) => ({ subject })),
  );
  await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser });
  const rows = await getDb().select().from(messages).where(eq(messages.mailboxId, box.mailbox.id));
  const id = (subject: string) => rows.find((r) => r.subject === subject)!.id;
  const actor: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  /** What the server holds: subjects and flags per folder, seen by another client. */
  const server = async (path: string) => {
    const client = await box.otherClient();
    try {
      await client.mailboxOpen(path);
      const all = await client.fetchAll('1:*', { envelope: true, flags: true }).catch(() => []);
      return all
        .map((m) => ({
          subject: m.envelope?.subject,
          seen: m.flags?.has('\\Seen') ?? false,
          flagged: m.flags?.has('\\Flagged') ?? false,
        }))
        .sort((a, b) => a.subject!.localeCompare(b.subject!));
    } finally {
      await client.logout();
    }
  };
  const local = async (subject: string) =>
    (
      await getDb()
        .select()
        .from(messages)
        .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, subject)))
    )[0];
  const folderOf = async (subject: string) => {
    const row = await local(subject);
    return row ? (await getDb().select().from(mailFolders).where(eq(mailFolders.id, row.folderId)))[0]!.path : null;
  };
  return { box, id, actor, server, local, folderOf };
}

describe('acting on messages, on the server first', () => {
  it('marks read and unread, flags and unflags, on the server and locally', async () => {
    const { id, actor, server, local } = await syncedBox(['a', 'b']);
    await setMessageFlags(getDb(), { messageIds: [id('a'), id('b')], changes: { seen: true, flagged: true }, actor });
    await setMessageFlags(getDb(), { messageIds: [id('b')], changes: { seen: false }, actor });
    expect(await server('INBOX')).toEqual([
      { subject: 'a', seen: true, flagged: true },
      { subject: 'b', seen: false, flagged: true },
    ]);
    expect(await local('b')).toMatchObject({ seen: false, flagged: true });
  });

  it('moves, marks as spam and deletes (to Trash, then for good), keeping rows and links; a resync changes nothing', async () => {
    const { box, id, actor, server, folderOf, local } = await syncedBox(['keep', 'move', 'spam', 'trash']);
    await linkTestMessage(getDb(), { orgId: box.org.id, messageId: id('move'), kind: 'task' });
    const [archive] = await getDb()
      .select()
      .from(mailFolders)
      .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.specialUse, 'archive')));
    await moveMessages(getDb(), { messageIds: [id('move')], to: { folderId: archive!.id }, actor });
    await markAsSpam(getDb(), { messageIds: [id('spam')], actor });
    expect(await deleteMessages(getDb(), { messageIds: [id('trash')], actor })).toEqual({ trashed: 1, deleted: 0 });

    expect((await server('INBOX')).map((m) => m.subject)).toEqual(['keep']);
    expect((await server('Archive')).map((m) => m.subject)).toEqual(['move']);
    expect((await server('Junk')).map((m) => m.subject)).toEqual(['spam']);
    expect((await server('Trash')).map((m) => m.subject)).toEqual(['trash']);
    expect([await folderOf('move'), await folderOf('spam'), await folderOf('trash')]).toEqual([
      'Archive',
      'Junk',
      'Trash',
    ]);
    expect(await local('move')).toMatchObject({ id: id('move'), linkKinds: ['task'] });
    expect(await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser })).toMatchObject({
      imported: 0,
      updated: 0,
      removed: 0,
    });

    expect(await deleteMessages(getDb(), { messageIds: [id('trash')], actor })).toEqual({ trashed: 0, deleted: 1 });
    expect(await server('Trash')).toEqual([]);
    expect(await local('trash')).toBeUndefined();
  });

  it('changes nothing locally when the server refuses, and says why', async () => {
    const { box, id, actor, local } = await syncedBox(['x']);
    await servers.dovecot.addUser(box.email, 'changed-elsewhere-2');
    await expect(
      setMessageFlags(getDb(), { messageIds: [id('x')], changes: { seen: true }, actor }),
    ).rejects.toMatchObject({ code: 'mail_auth_failed' });
    await expect(deleteMessages(getDb(), { messageIds: [id('x')], actor })).rejects.toMatchObject({
      code: 'mail_auth_failed',
    });
    expect(await local('x')).toMatchObject({ seen: false });
    await servers.dovecot.addUser(box.email, MAIL_PASSWORD);
  });

  it('refuses people without access: another organization learns nothing, an admin without a grant cannot organize mail', async () => {
    const { box, id } = await syncedBox(['secret']);
    const other = await createTestOrg(getDb());
    const outsider = await createTestUser(getDb(), { orgId: other.id, role: 'admin' });
    await expect(
      setMessageFlags(getDb(), {
        messageIds: [id('secret')],
        changes: { seen: true },
        actor: { kind: 'user', userId: outsider.id, orgId: other.id, role: 'admin' },
      }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const admin = await createTestUser(getDb(), { orgId: box.org.id, role: 'admin' });
    await expect(
      deleteMessages(getDb(), {
        messageIds: [id('secret')],
        actor: { kind: 'user', userId: admin.id, orgId: box.org.id, role: 'admin' },
      }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
