import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailFolders, messageLinks, messages } from '@/db/schema';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { linkTestMessage } from '@/test/factories';
import { connectedMailbox, daysAgo, MAIL_PASSWORD } from '@/test/mail-fixture';
import { IMAP_SERVER_KINDS } from '@/scripts/test-servers/imap-server';
import { useImapServers } from '@/test/use-mail-servers';
import { closeDb } from '@/db/client';
import type { Actor } from '../../access/actor';
import { getMessage } from '../webmail/get-message';
import { listMessages } from '../webmail/list-messages';
import { inProcessParser, type MessageParser } from '../parse/parse-input';
import { syncMailbox } from './sync-mailbox';

// Regression tests for the divergences found by hand (issue: sync that never diverges). Each failed before
// the fix; the randomized differential test (sync.fuzz.test.ts) looks for the ones nobody found yet.

const sync = (mailboxId: string, parser: MessageParser = inProcessParser) =>
  syncMailbox(getDb(), { mailboxId, parser, batchSize: 7 });

/** Rows the folder lists show, by path: subject, uid, id. */
async function visible(mailboxId: string, path: string) {
  return getDb()
    .select({
      id: messages.id,
      uid: messages.uid,
      subject: messages.subject,
      draft: messages.draft,
      keywords: messages.keywords,
    })
    .from(messages)
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .where(and(eq(messages.mailboxId, mailboxId), eq(mailFolders.path, path), isNull(messages.goneFromServerAt)))
    .orderBy(asc(messages.uid));
}

/** What the server holds in a folder, by UID: the subject. */
async function onServer(client: ImapFlow, path: string): Promise<Array<{ uid: number; subject: string }>> {
  const lock = await client.getMailboxLock(path);
  try {
    await client.noop();
    const all = await client.fetchAll('1:*', { uid: true, envelope: true }).catch(() => []);
    return all.map((m) => ({ uid: m.uid, subject: m.envelope?.subject ?? '' })).sort((a, b) => a.uid - b.uid);
  } finally {
    lock.release();
  }
}

/** UIDs of the given subjects in the folder the caller holds (`withFolder`). */
async function uidsOf(client: ImapFlow, subjects: string[]): Promise<string> {
  const found: number[] = [];
  for (const subject of subjects) found.push(...((await client.search({ subject }, { uid: true })) as number[]));
  return found.join(',');
}

async function withFolder<T>(client: ImapFlow, path: string, fn: () => Promise<T>): Promise<T> {
  const lock = await client.getMailboxLock(path);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

afterAll(() => closeDb());

describe.each(IMAP_SERVER_KINDS)('sync divergences on %s', (kind) => {
  const servers = useImapServers(kind);

  it('a sync cut after the deletions were seen does not lose them: the next sync removes and relinks', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    const other = await box.otherClient();
    await other.mailboxCreate('Projects');
    await box.seed(
      'INBOX',
      Array.from({ length: 20 }, (_, i) => ({ subject: `in${String(i).padStart(2, '0')}` })),
    );
    await box.seed('Projects', [{ subject: 'project kickoff' }]);
    await sync(box.mailbox.id);
    const before = new Map((await visible(box.mailbox.id, 'INBOX')).map((r) => [r.subject, r.id]));

    const expunged = ['in00', 'in01', 'in02', 'in03', 'in04'];
    const moved = ['in05', 'in06', 'in07', 'in08', 'in09'];
    await withFolder(other, 'INBOX', async () => {
      await other.messageDelete(await uidsOf(other, expunged), { uid: true });
      await other.messageMove(await uidsOf(other, moved), 'Projects', { uid: true });
    });

    // The sync fails while fetching what arrived in Projects, after INBOX was done: parsing is the first
    // thing of that step that this test can break deterministically (the fuzz test cuts the connection).
    let calls = 0;
    const failing: MessageParser = {
      ...inProcessParser,
      parseParts: async (input) =>
        ++calls > 0 ? Promise.reject(new Error('connection dropped')) : inProcessParser.parseParts(input),
    };
    await expect(sync(box.mailbox.id, failing)).rejects.toThrow();

    for (let i = 0; i < 2; i++) await sync(box.mailbox.id);
    expect((await visible(box.mailbox.id, 'INBOX')).map((r) => r.subject)).toEqual(
      (await onServer(other, 'INBOX')).map((m) => m.subject),
    );
    const projects = await visible(box.mailbox.id, 'Projects');
    expect(projects.map((r) => r.subject).sort()).toEqual([...moved, 'project kickoff']);
    // The moved messages kept their rows (one each, same ids), the expunged ones are gone everywhere.
    for (const subject of moved) expect(projects.find((r) => r.subject === subject)?.id).toBe(before.get(subject));
    const everywhere = await getDb()
      .select({ subject: messages.subject })
      .from(messages)
      .where(eq(messages.mailboxId, box.mailbox.id));
    expect(everywhere.filter((r) => expunged.includes(r.subject))).toEqual([]);
    expect(everywhere).toHaveLength(16);
    await other.logout();
  });

  it('a folder renamed on the server keeps its rows, ids and work; a folder deleted keeps only what work needs', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    const other = await box.otherClient();
    await other.mailboxCreate('Projects');
    await other.mailboxCreate('Old stuff');
    await box.seed(
      'Projects',
      Array.from({ length: 6 }, (_, i) => ({ subject: `p${i}` })),
    );
    await box.seed(
      'Old stuff',
      Array.from({ length: 4 }, (_, i) => ({ subject: `o${i}` })),
    );
    await sync(box.mailbox.id);
    const projects = await visible(box.mailbox.id, 'Projects');
    const [folderBefore] = await getDb()
      .select()
      .from(mailFolders)
      .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.path, 'Projects')));
    for (const row of projects.slice(0, 3))
      await linkTestMessage(getDb(), { orgId: box.org.id, messageId: row.id, kind: 'task' });
    const oldRows = await visible(box.mailbox.id, 'Old stuff');
    await linkTestMessage(getDb(), { orgId: box.org.id, messageId: oldRows[1]!.id, kind: 'crm' });

    await other.mailboxRename('Projects', 'Projets 2026 – clients');
    await other.mailboxDelete('Old stuff');
    const report = await sync(box.mailbox.id);

    const renamed = await visible(box.mailbox.id, 'Projets 2026 – clients');
    expect(renamed.map((r) => r.id)).toEqual(projects.map((r) => r.id));
    const [folderAfter] = await getDb()
      .select()
      .from(mailFolders)
      .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.path, 'Projets 2026 – clients')));
    expect(folderAfter!.id).toBe(folderBefore!.id);
    const links = await getDb()
      .select()
      .from(messageLinks)
      .where(
        inArray(
          messageLinks.messageId,
          projects.map((r) => r.id),
        ),
      );
    expect(links).toHaveLength(3);
    expect(
      await getDb()
        .select()
        .from(mailFolders)
        .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.path, 'Old stuff'))),
    ).toEqual([]);

    // Every row taken off the lists is counted: 4 from the deleted folder, one of them kept for the CRM.
    expect(report).toMatchObject({ removed: 4, keptGone: 1, imported: 0 });
    const remaining = await getDb()
      .select()
      .from(messages)
      .where(
        inArray(
          messages.id,
          oldRows.map((r) => r.id),
        ),
      );
    expect(remaining.map((r) => r.id)).toEqual([oldRows[1]!.id]);
    expect(remaining[0]!.goneFromServerAt).not.toBeNull();
    // Out of every folder list, still readable from its work item, with the notice.
    const actor: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: box.user.role };
    const inbox = await getDb()
      .select()
      .from(mailFolders)
      .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.specialUse, 'inbox')));
    const page = await listMessages(getDb(), { actor, folderId: inbox[0]!.id });
    expect(page.items.map((i) => i.id)).not.toContain(oldRows[1]!.id);
    expect(await getMessage(getDb(), { actor, messageId: oldRows[1]!.id })).toMatchObject({
      subject: 'o1',
      goneFromServer: true,
      linkKinds: ['crm'],
    });
    expect(await sync(box.mailbox.id)).toMatchObject({ removed: 0, imported: 0 });
    await other.logout();
  });

  it('messages sharing one Message-ID moved together are each matched to their own content', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    const other = await box.otherClient();
    const shared = `<same-${box.email}>`;
    await box.seed(
      'INBOX',
      ['one', 'two', 'three'].map((subject) => ({ subject, messageId: shared })),
    );
    await sync(box.mailbox.id);
    const before = new Map((await visible(box.mailbox.id, 'INBOX')).map((r) => [r.subject, r.id]));

    await withFolder(other, 'INBOX', async () => other.messageMove('1:*', 'Archive', { uid: true }));
    await sync(box.mailbox.id);
    const archive = await visible(box.mailbox.id, 'Archive');
    expect(archive.map((r) => ({ uid: r.uid, subject: r.subject }))).toEqual(await onServer(other, 'Archive'));
    for (const row of archive) expect(row.id).toBe(before.get(row.subject));
    expect(await visible(box.mailbox.id, 'INBOX')).toEqual([]);
    await other.logout();
  });

  it('rows stored before header digests existed are never given another message’s content', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    const other = await box.otherClient();
    const shared = `<legacy-${box.email}>`;
    await box.seed(
      'INBOX',
      ['alpha', 'beta'].map((subject) => ({ subject, messageId: shared })),
    );
    await sync(box.mailbox.id);
    await getDb().update(messages).set({ headerDigest: null }).where(eq(messages.mailboxId, box.mailbox.id));

    await withFolder(other, 'INBOX', async () => other.messageMove('1:*', 'Archive', { uid: true }));
    await sync(box.mailbox.id);
    expect((await visible(box.mailbox.id, 'Archive')).map((r) => ({ uid: r.uid, subject: r.subject }))).toEqual(
      await onServer(other, 'Archive'),
    );
    const all = await getDb()
      .select({ subject: messages.subject })
      .from(messages)
      .where(eq(messages.mailboxId, box.mailbox.id));
    expect(all.map((r) => r.subject).sort()).toEqual(['alpha', 'beta']);
    await other.logout();
  });

  it('keywords are synced like flags, and a moved message keeps \\Draft and its keywords', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    const other = await box.otherClient();
    const date = daysAgo(1);
    await appendMessages({
      host: '127.0.0.1',
      port: servers.imap.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      messages: [
        { raw: generateMessage({ subject: 'tagged', date }), internalDate: date },
        {
          raw: generateMessage({ subject: 'draft with labels', date }),
          internalDate: date,
          flags: ['\\Draft', '$Work', 'Client_A'],
        },
      ],
    });
    await sync(box.mailbox.id);
    expect((await visible(box.mailbox.id, 'INBOX')).map((r) => [r.subject, r.draft, r.keywords])).toEqual([
      ['tagged', false, []],
      ['draft with labels', true, ['$Work', 'Client_A']],
    ]);

    await withFolder(other, 'INBOX', async () => {
      await other.messageFlagsAdd(await uidsOf(other, ['tagged']), ['$Important', '$label1'], { uid: true });
      await other.messageFlagsRemove(await uidsOf(other, ['draft with labels']), ['Client_A'], { uid: true });
    });
    expect(await sync(box.mailbox.id)).toMatchObject({ updated: 2 });
    expect((await visible(box.mailbox.id, 'INBOX')).map((r) => r.keywords)).toEqual([
      ['$Important', '$label1'],
      ['$Work'],
    ]);

    const [draft] = await visible(box.mailbox.id, 'INBOX').then((rows) =>
      rows.filter((r) => r.subject === 'draft with labels'),
    );
    await withFolder(other, 'INBOX', async () =>
      other.messageMove(await uidsOf(other, ['draft with labels']), 'Archive', { uid: true }),
    );
    await sync(box.mailbox.id);
    expect(await visible(box.mailbox.id, 'Archive')).toMatchObject([
      { id: draft!.id, draft: true, keywords: ['$Work'] },
    ]);
    await other.logout();
  });
});
