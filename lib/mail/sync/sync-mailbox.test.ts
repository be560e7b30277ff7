import { and, asc, eq, inArray } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailFolders, mailboxes, messages } from '@/db/schema';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startTcpProxy } from '@/scripts/test-servers/tcp-proxy';
import { linkTestMessage } from '@/test/factories';
import { connectedMailbox, MAIL_PASSWORD } from '@/test/mail-fixture';
import { IMAP_SERVER_KINDS } from '@/scripts/test-servers/imap-server';
import { useImapServers } from '@/test/use-mail-servers';
import { loadCatalogue } from '../../i18n/catalogue';
import { inProcessParser } from '../parse/parse-input';
import { type ProblemTranslator, storedErrorText } from '../stored-error';
import { syncMailbox } from './sync-mailbox';

/** What a page's getTranslations('problems') gives a French reader. */
async function frenchProblems(): Promise<ProblemTranslator> {
  const t = createTranslator({ locale: 'fr', messages: await loadCatalogue('fr'), namespace: 'problems' as never });
  return Object.assign((key: string, values?: Record<string, string | number>) => t(key as never, values as never), {
    has: (key: string) => t.has(key as never),
  });
}

const sync = (mailboxId: string, extra: Partial<Parameters<typeof syncMailbox>[1]> = {}) =>
  syncMailbox(getDb(), { mailboxId, parser: inProcessParser, batchSize: 7, ...extra });

async function localSubjects(mailboxId: string, path: string) {
  const rows = await getDb()
    .select({ subject: messages.subject })
    .from(messages)
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .where(and(eq(messages.mailboxId, mailboxId), eq(mailFolders.path, path)))
    .orderBy(asc(messages.subject));
  return rows.map((r) => r.subject);
}

async function serverSubjects(
  client: Awaited<ReturnType<Awaited<ReturnType<typeof connectedMailbox>>['otherClient']>>,
  path: string,
) {
  const lock = await client.getMailboxLock(path);
  try {
    // This client may have had the folder selected before the latest changes: let the server tell it.
    await client.noop();
    const all = await client.fetchAll('1:*', { envelope: true }).catch(() => []);
    return all.map((m) => m.envelope?.subject ?? '').sort();
  } finally {
    lock.release();
  }
}

afterAll(() => closeDb());

describe.each(IMAP_SERVER_KINDS)('mailbox sync against %s', (kind) => {
  const servers = useImapServers(kind);

  it('imports only the import window, newest first, with folders, flags and progress; a no-change resync does nothing', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    await box.seed('INBOX', [
      ...Array.from({ length: 12 }, (_, i) => ({
        subject: `recent ${String(i).padStart(2, '0')}`,
        days: 1 + i,
        flags: i % 3 === 0 ? ['\\Seen'] : [],
      })),
      ...Array.from({ length: 4 }, (_, i) => ({ subject: `old ${i}`, days: 45 + i })),
    ]);
    await box.seed('Sent', [{ subject: 'sent one', days: 2 }]);

    const first = await sync(box.mailbox.id);
    expect(first).toMatchObject({ status: 'synced', imported: 13, removed: 0 });
    expect(await localSubjects(box.mailbox.id, 'INBOX')).toEqual(
      Array.from({ length: 12 }, (_, i) => `recent ${String(i).padStart(2, '0')}`),
    );
    const folders = await getDb().select().from(mailFolders).where(eq(mailFolders.mailboxId, box.mailbox.id));
    expect(Object.fromEntries(folders.map((f) => [f.path, f.specialUse]))).toMatchObject({
      INBOX: 'inbox',
      Sent: 'sent',
      Drafts: 'drafts',
      Junk: 'junk',
      Trash: 'trash',
    });
    const seen = await getDb()
      .select({ subject: messages.subject })
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.seen, true)));
    expect(seen.map((r) => r.subject).sort()).toEqual(['recent 00', 'recent 03', 'recent 06', 'recent 09']);
    const [state] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
    expect(state).toMatchObject({ importTotal: 13, importDone: 13, syncState: 'idle', lastErrorCode: null });

    const again = await sync(box.mailbox.id);
    expect(again).toMatchObject({ status: 'synced', imported: 0, updated: 0, removed: 0 });
  });

  it('follows another client: new mail, changed flags, a deletion and a move (keeping the moved message’s row and links)', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    await box.seed(
      'INBOX',
      Array.from({ length: 6 }, (_, i) => ({ subject: `m${i}`, messageId: `<m${i}-${box.email}>` })),
    );
    await sync(box.mailbox.id);
    const [moved] = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, 'm2')));
    await linkTestMessage(getDb(), { orgId: box.org.id, messageId: moved!.id, kind: 'task' });

    const other = await box.otherClient();
    const lock = await other.getMailboxLock('INBOX');
    const uidOf = async (subject: string) => ((await other.search({ subject }, { uid: true })) as number[])[0]!;
    await other.messageFlagsAdd(String(await uidOf('m0')), ['\\Flagged', '\\Seen'], { uid: true });
    await other.messageDelete(String(await uidOf('m1')), { uid: true });
    await other.messageMove(String(await uidOf('m2')), 'Archive', { uid: true });
    lock.release();
    await box.seed('INBOX', [{ subject: 'm6 new' }]);

    const report = await sync(box.mailbox.id);
    expect(report).toMatchObject({ imported: 1, updated: 1, removed: 1 });
    expect(await localSubjects(box.mailbox.id, 'INBOX')).toEqual(await serverSubjects(other, 'INBOX'));
    expect(await localSubjects(box.mailbox.id, 'Archive')).toEqual(['m2']);
    const [afterMove] = await getDb().select().from(messages).where(eq(messages.id, moved!.id));
    expect(afterMove).toMatchObject({ subject: 'm2', linkKinds: ['task'] });
    const [flagged] = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, 'm0')));
    expect(flagged).toMatchObject({ flagged: true, seen: true });
    await other.logout();
  });

  it('removes a message without a Message-ID that another client deleted', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    const raw = Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: no id\r\n\r\nbody\r\n');
    await appendMessages({
      host: '127.0.0.1',
      port: servers.imap.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      messages: [{ raw }, { raw }],
    });
    await sync(box.mailbox.id);
    expect(await localSubjects(box.mailbox.id, 'INBOX')).toEqual(['no id', 'no id']);
    const other = await box.otherClient();
    const lock = await other.getMailboxLock('INBOX');
    await other.messageDelete('1', { uid: true });
    lock.release();
    expect(await sync(box.mailbox.id)).toMatchObject({ removed: 1 });
    expect(await localSubjects(box.mailbox.id, 'INBOX')).toEqual(['no id']);
    await other.logout();
  });

  it('rebuilds a folder quietly after a UIDVALIDITY change, keeping linked messages', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    const other = await box.otherClient();
    await other.mailboxCreate('Projects');
    await box.seed(
      'Projects',
      Array.from({ length: 5 }, (_, i) => ({ subject: `p${i}`, messageId: `<p${i}-${box.email}>` })),
    );
    await sync(box.mailbox.id);
    const [linked] = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, 'p3')));
    await linkTestMessage(getDb(), { orgId: box.org.id, messageId: linked!.id, kind: 'crm' });
    const [before] = await getDb()
      .select()
      .from(mailFolders)
      .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.path, 'Projects')));

    // The same messages under new UIDs, as a server that lost its index gives them: same bytes, same dates.
    const lock = await other.getMailboxLock('Projects');
    const sources = await other.fetchAll('1:*', { source: true, internalDate: true });
    lock.release();
    await other.mailboxDelete('Projects');
    await other.mailboxCreate('Projects');
    await appendMessages({
      host: '127.0.0.1',
      port: servers.imap.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      folder: 'Projects',
      messages: sources.map((m) => ({ raw: m.source!, internalDate: new Date(m.internalDate!) })),
    });
    const report = await sync(box.mailbox.id);
    const [after] = await getDb()
      .select()
      .from(mailFolders)
      .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.path, 'Projects')));
    expect(after!.uidValidity).not.toBe(before!.uidValidity);
    expect(report.imported).toBe(0);
    expect(await localSubjects(box.mailbox.id, 'Projects')).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    const [stillLinked] = await getDb().select().from(messages).where(eq(messages.id, linked!.id));
    expect(stillLinked).toMatchObject({ subject: 'p3', linkKinds: ['crm'] });
    expect(stillLinked!.uid).toBeGreaterThan(0);
    await other.logout();
  });

  it('resumes an interrupted import exactly where it stopped, without gaps or duplicates', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    await box.seed(
      'INBOX',
      Array.from({ length: 40 }, (_, i) => ({ subject: `r${String(i).padStart(2, '0')}` })),
    );
    let parsed = 0;
    const crashing = {
      ...inProcessParser,
      parseParts: async (input: Parameters<typeof inProcessParser.parseParts>[0]) => {
        if (++parsed > 20) throw new Error('worker crashed');
        return inProcessParser.parseParts(input);
      },
    };
    await expect(sync(box.mailbox.id, { parser: crashing })).rejects.toThrow();
    const partial = await localSubjects(box.mailbox.id, 'INBOX');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(40);
    // Newest first: what was imported before the crash are the newest messages.
    expect(partial).toEqual(partial.slice().sort());

    await sync(box.mailbox.id);
    const other = await box.otherClient();
    expect(await localSubjects(box.mailbox.id, 'INBOX')).toEqual(await serverSubjects(other, 'INBOX'));
    await other.logout();
  });

  it('survives a connection cut in the middle of a FETCH and completes on the next sync', async () => {
    const proxy = await startTcpProxy(servers.imap.imapPort);
    const box = await connectedMailbox(servers.imap, servers.smtp, { imapPort: proxy.port });
    await box.seed(
      'INBOX',
      Array.from({ length: 30 }, (_, i) => ({ subject: `c${String(i).padStart(2, '0')}` })),
    );
    // Cyrus compresses the session (COMPRESS=DEFLATE): a few kilobytes on the wire are already inside the FETCH.
    proxy.dropAfterBytes(4_000);
    await expect(sync(box.mailbox.id)).rejects.toMatchObject({
      code: expect.stringMatching(/^mail_(unreachable|timeout|server_error)$/),
    });
    const [failed] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
    expect(failed).toMatchObject({ syncState: 'error', requiresReauth: false });
    expect(failed!.lastErrorMessage).toBeTruthy();
    // Beside the English, the same sentence for the settings pages to word in their reader's language.
    expect(failed!.lastErrorProblem).toMatchObject({ key: expect.stringMatching(/^mailServer\./) });

    proxy.dropAfterBytes(null);
    await sync(box.mailbox.id);
    expect(await localSubjects(box.mailbox.id, 'INBOX')).toHaveLength(30);
    const [recovered] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
    expect(recovered).toMatchObject({ lastErrorCode: null, lastErrorMessage: null, lastErrorProblem: null });
    await proxy.stop();
  });

  it('never runs two syncs of one mailbox at once', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    await box.seed(
      'INBOX',
      Array.from({ length: 20 }, (_, i) => ({ subject: `t${i}` })),
    );
    const reports = await Promise.all([sync(box.mailbox.id), sync(box.mailbox.id)]);
    expect(reports.map((r) => r.status).sort()).toEqual(['skipped', 'synced']);
    expect(reports.find((r) => r.status === 'skipped')?.reason).toBe('already syncing');
    const rows = await getDb().select({ id: messages.id }).from(messages).where(eq(messages.mailboxId, box.mailbox.id));
    expect(rows).toHaveLength(20);
  });

  it('stops on a refused password until the user reconnects, and skips disabled mailboxes', async () => {
    const box = await connectedMailbox(servers.imap, servers.smtp);
    await servers.imap.addUser(box.email, 'changed-elsewhere-1');
    await expect(sync(box.mailbox.id)).rejects.toMatchObject({ code: 'mail_auth_failed' });
    const [state] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
    expect(state).toMatchObject({
      requiresReauth: true,
      lastErrorCode: 'mail_auth_failed',
      syncState: 'error',
      lastErrorMessage: expect.stringMatching(/^The IMAP server 127\.0\.0\.1 refused the user name or password/),
      lastErrorProblem: { key: 'mailServer.authFailed', values: { kind: 'IMAP', host: '127.0.0.1' } },
    });
    expect(storedErrorText(await frenchProblems(), state!.lastErrorProblem, state!.lastErrorMessage)).toMatch(
      /^Le serveur IMAP 127\.0\.0\.1 a refusé le nom d’utilisateur ou le mot de passe/,
    );
    expect(await sync(box.mailbox.id)).toMatchObject({ status: 'skipped', reason: 'waiting for a new password' });

    await servers.imap.addUser(box.email, MAIL_PASSWORD);
    await getDb()
      .update(mailboxes)
      .set({ requiresReauth: false, status: 'disabled' })
      .where(inArray(mailboxes.id, [box.mailbox.id]));
    expect(await sync(box.mailbox.id)).toMatchObject({
      status: 'skipped',
      reason: 'mail not available or mailbox disabled',
    });
  });
});
