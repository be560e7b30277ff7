import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailFolders, messages, threadFolders, threads } from '@/db/schema';
import { appendMessages, generateMessage } from '@/scripts/test-servers/seed-mail';
import { connectedMailbox, daysAgo, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import { inProcessParser } from '../parse/parse-input';
import { syncMailbox } from '../sync/sync-mailbox';

const servers = useMailServers();

type Mail = {
  /** Also the local part of its Message-ID (absent: the message has none). */
  key: string;
  subject: string;
  days: number;
  folder?: string;
  inReplyTo?: string;
  references?: string[];
  from?: string;
  noMessageId?: boolean;
  flags?: string[];
};
type Case = {
  name: string;
  /** Each step is appended, then synced: a later step arrives after the earlier ones were imported. */
  steps: Mail[][];
  /** Messages that must share a thread; messages of different groups must not. */
  groups: string[][];
};

const id = (key: string) => `<${key}@threads.test>`;
const mail = (key: string, subject: string, days: number, extra: Partial<Mail> = {}): Mail => ({
  key,
  subject,
  days,
  ...extra,
});

// The real-world shapes threading meets (issue 20): each runs through Dovecot, the sync and the triggers.
const cases: Case[] = [
  {
    name: 'a reply imported before its parent joins it when the parent comes',
    steps: [[mail('c', 'Re: Plan', 1, { inReplyTo: 'p', references: ['p'] })], [mail('p', 'Plan', 2)]],
    groups: [['p', 'c']],
  },
  {
    name: 'a grandchild before its parent and grandparent, in one batch',
    steps: [
      [
        mail('g', 'Re: Re: Offsite', 1, { inReplyTo: 'c', references: ['p', 'c'] }),
        mail('c', 'Re: Offsite', 2, { inReplyTo: 'p', references: ['p'] }),
        mail('p', 'Offsite', 3),
      ],
    ],
    groups: [['p', 'c', 'g']],
  },
  {
    name: 'In-Reply-To without References',
    steps: [[mail('p', 'Invoice 42', 3)], [mail('r', 'Re: Invoice 42', 2, { inReplyTo: 'p' })]],
    groups: [['p', 'r']],
  },
  {
    name: 'a broken In-Reply-To falls back to the subject',
    steps: [[mail('p', 'Quarterly numbers', 3)], [mail('r', 'RE: Quarterly numbers', 2, { inReplyTo: 'garbage%%' })]],
    groups: [['p', 'r']],
  },
  {
    name: 'French replies and forwards by subject only (RE :, TR :)',
    steps: [
      [mail('p', 'Réunion budget 2027', 5)],
      [mail('r', 'RE : Réunion budget 2027', 4), mail('f', 'TR: RE: Réunion budget 2027', 3)],
    ],
    groups: [['p', 'r', 'f']],
  },
  {
    name: 'German replies and forwards by subject only (AW:, WG:)',
    steps: [
      [mail('p', 'Angebot Büromöbel', 5)],
      [mail('r', 'AW: Angebot Büromöbel', 4), mail('f', 'WG: AW: Angebot Büromöbel', 3)],
    ],
    groups: [['p', 'r', 'f']],
  },
  {
    name: 'Spanish and Italian replies and forwards by subject only (RV:, R:, I:)',
    steps: [
      [mail('es', 'Presupuesto obra', 6), mail('it', 'Preventivo trasporto', 6)],
      [
        mail('es-r', 'RV: Presupuesto obra', 5),
        mail('it-r', 'R: Preventivo trasporto', 5),
        mail('it-f', 'I: R: Preventivo trasporto', 4),
      ],
    ],
    groups: [
      ['es', 'es-r'],
      ['it', 'it-r', 'it-f'],
    ],
  },
  {
    name: 'a forward with References and one without',
    steps: [
      [mail('p', 'Contract draft', 6)],
      [mail('f1', 'Fwd: Contract draft', 5, { references: ['p'] }), mail('f2', 'Contract draft (fwd)', 4)],
    ],
    groups: [['p', 'f1', 'f2']],
  },
  {
    name: 'a mailing-list digest does not swallow the threads it contains',
    steps: [
      [
        mail('a1', '[users] Build fails on ARM', 4, { from: 'Ann <ann@list.test>' }),
        mail('a2', 'Re: [users] Build fails on ARM', 3, { inReplyTo: 'a1', references: ['a1'] }),
        mail('b1', '[users] Release date?', 4),
        mail('b2', '[users] Re: Release date?', 3),
      ],
      [
        mail('d', 'users Digest, Vol 5, Issue 3', 2, { from: 'users-request@list.test' }),
        mail('dr', 'Re: users Digest, Vol 5, Issue 3', 1, { inReplyTo: 'd', references: ['d'] }),
      ],
    ],
    groups: [
      ['a1', 'a2'],
      ['b1', 'b2'],
      ['d', 'dr'],
    ],
  },
  {
    name: 'identical subjects months apart stay apart',
    steps: [
      [mail('m1', 'Monthly report', 85), mail('r1', 'Re: Budget', 84)],
      [mail('m2', 'Monthly report', 5), mail('r2', 'Re: Budget', 4)],
    ],
    groups: [['m1'], ['m2'], ['r1'], ['r2']],
  },
  {
    name: 'a plain message with References does not join by subject',
    steps: [[mail('p', 'Weekly sync', 3)], [mail('x', 'Weekly sync', 2, { references: ['unknown-root'] })]],
    groups: [['p'], ['x']],
  },
  {
    name: 'a Sent reply joins the thread across folders',
    steps: [
      [mail('p', 'Lunch on Friday?', 2, { from: 'Carol <carol@example.test>' })],
      [mail('s', 'Re: Lunch on Friday?', 1, { folder: 'Sent', inReplyTo: 'p', references: ['p'] })],
    ],
    groups: [['p', 's']],
  },
  {
    name: 'a message bridging two threads merges them into the older one',
    steps: [
      [mail('t1', 'Alpha', 5), mail('t2', 'Beta', 4, { references: ['elsewhere'] })],
      [mail('m', 'Re: Alpha', 3, { references: ['t1', 'elsewhere'] })],
    ],
    groups: [['t1', 't2', 'm']],
  },
  {
    name: 'messages without a Message-ID still get a thread',
    steps: [
      [mail('n1', 'No id here', 3, { noMessageId: true }), mail('n2', 'Something else', 3, { noMessageId: true })],
    ],
    groups: [['n1'], ['n2']],
  },
];

async function append(box: Awaited<ReturnType<typeof connectedMailbox>>, step: Mail[]) {
  const folders = [...new Set(step.map((m) => m.folder ?? 'INBOX'))];
  for (const folder of folders) {
    const list = step.filter((m) => (m.folder ?? 'INBOX') === folder);
    await appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      folder,
      messages: list.map((m) => {
        const headers: Record<string, string> = {};
        if (m.inReplyTo) headers['In-Reply-To'] = m.inReplyTo.includes('%') ? m.inReplyTo : id(m.inReplyTo);
        if (m.references) headers.References = m.references.map(id).join(' ');
        let raw = generateMessage({
          subject: m.subject,
          date: daysAgo(m.days),
          messageId: id(m.key),
          from: m.from,
          headers,
        }).toString('utf8');
        if (m.noMessageId) raw = raw.replace(/^Message-ID: .*\r\n/m, '');
        return { raw, internalDate: daysAgo(m.days), flags: m.flags };
      }),
    });
  }
}

const sync = (mailboxId: string) => syncMailbox(getDb(), { mailboxId, parser: inProcessParser, batchSize: 7 });

/** Thread id of each test message, found by its Message-ID (or its subject when it has none). */
async function threadsByKey(mailboxId: string, mails: Mail[]): Promise<Map<string, number | null>> {
  const rows = await getDb()
    .select({ messageIdHeader: messages.messageIdHeader, subject: messages.subject, threadId: messages.threadId })
    .from(messages)
    .where(eq(messages.mailboxId, mailboxId));
  return new Map(
    mails.map((m) => {
      const row = rows.find((r) => (m.noMessageId ? r.subject === m.subject : r.messageIdHeader === id(m.key)));
      return [m.key, row?.threadId ?? null];
    }),
  );
}

describe('threading through the real import', () => {
  it.each(cases)('$name', async ({ steps, groups }) => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp, { plan: 'professional' });
    for (const step of steps) {
      await append(box, step);
      expect(await sync(box.mailbox.id)).toMatchObject({ status: 'synced' });
    }
    const byKey = await threadsByKey(box.mailbox.id, steps.flat());
    for (const [key, thread] of byKey) expect(thread, `${key} has a thread`).not.toBeNull();
    const threadOfGroup = groups.map((group) => {
      const ids = new Set(group.map((key) => byKey.get(key)));
      expect(ids.size, `${group.join(', ')} share one thread`).toBe(1);
      return [...ids][0];
    });
    expect(new Set(threadOfGroup).size, 'groups are distinct threads').toBe(groups.length);
    // Only the threads in use remain, each with the right count; merged-away ones are gone.
    const rows = await getDb().select().from(threads).where(eq(threads.mailboxId, box.mailbox.id));
    expect(rows.map((t) => t.id).sort()).toEqual([...threadOfGroup].sort());
    for (const [i, group] of groups.entries())
      expect(rows.find((t) => t.id === threadOfGroup[i])?.messageCount).toBe(group.length);
  });

  it('keeps the thread of a message moved by another client or rebuilt after a UIDVALIDITY change', async () => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const other = await box.otherClient();
    await other.mailboxCreate('Projects');
    const step = [
      mail('p', 'Kickoff', 3, { folder: 'Projects' }),
      mail('r', 'Re: Kickoff', 2, { folder: 'Projects', references: ['p'] }),
    ];
    await append(box, step);
    await sync(box.mailbox.id);
    const before = await threadsByKey(box.mailbox.id, step);
    const [row] = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.messageIdHeader, id('r'))));

    // Moved by another client: the row is taken over in Archive, thread and all.
    let lock = await other.getMailboxLock('Projects');
    await other.messageMove('2', 'Archive', { uid: true });
    lock.release();
    await sync(box.mailbox.id);
    const [moved] = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.messageIdHeader, id('r'))));
    expect(moved).toMatchObject({ id: row!.id, threadId: before.get('r') });
    expect(await folderPathsOfThread(before.get('p')!)).toEqual(['Archive', 'Projects']);

    // The Projects folder rebuilt under a new UIDVALIDITY: same rows, same thread.
    lock = await other.getMailboxLock('Projects');
    const sources = await other.fetchAll('1:*', { source: true, internalDate: true });
    lock.release();
    await other.mailboxDelete('Projects');
    await other.mailboxCreate('Projects');
    await appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      folder: 'Projects',
      messages: sources.map((m) => ({ raw: m.source!, internalDate: new Date(m.internalDate!) })),
    });
    expect(await sync(box.mailbox.id)).toMatchObject({ imported: 0 });
    expect(await threadsByKey(box.mailbox.id, step)).toEqual(before);
    expect(await folderPathsOfThread(before.get('p')!)).toEqual(['Archive', 'Projects']);
    await other.logout();
  });

  it('keeps thread and folder aggregates right through flag changes and deletions by another client', async () => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const step = [
      mail('p', 'Budget', 3, { from: 'Ann <ann@example.test>', flags: ['\\Seen'] }),
      mail('r1', 'Re: Budget', 2, { from: 'Bob <bob@example.test>', references: ['p'] }),
      mail('r2', 'Re: Budget', 1, { from: 'Ann <ann@example.test>', references: ['p', 'r1'] }),
    ];
    await append(box, step);
    await sync(box.mailbox.id);
    const threadId = (await threadsByKey(box.mailbox.id, step)).get('p')!;
    const state = async () => {
      const [t] = await getDb().select().from(threads).where(eq(threads.id, threadId));
      const folders = await getDb().select().from(threadFolders).where(eq(threadFolders.threadId, threadId));
      return { thread: t, folder: folders[0], folders: folders.length };
    };
    let now = await state();
    expect(now.thread).toMatchObject({
      messageCount: 3,
      unreadCount: 2,
      participants: [
        { name: 'Ann', address: 'ann@example.test' },
        { name: 'Bob', address: 'bob@example.test' },
      ],
    });
    expect(now.folder).toMatchObject({ messageCount: 3, unreadCount: 2, flagged: false });

    const other = await box.otherClient();
    const lock = await other.getMailboxLock('INBOX');
    await other.messageFlagsAdd('2', ['\\Seen', '\\Flagged'], { uid: true });
    lock.release();
    await sync(box.mailbox.id);
    now = await state();
    expect(now.thread).toMatchObject({ messageCount: 3, unreadCount: 1 });
    expect(now.folder).toMatchObject({ messageCount: 3, unreadCount: 1, flagged: true });

    const lock2 = await other.getMailboxLock('INBOX');
    await other.messageDelete('2:3', { uid: true });
    lock2.release();
    await sync(box.mailbox.id);
    now = await state();
    expect(now.thread).toMatchObject({
      messageCount: 1,
      unreadCount: 0,
      participants: [{ name: 'Ann', address: 'ann@example.test' }],
    });
    expect(now.folder).toMatchObject({ messageCount: 1, unreadCount: 0, flagged: false });
    const [first] = await getDb()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.messageIdHeader, id('p'))));
    expect(now.folder?.latestMessageId).toBe(first!.id);

    const lock3 = await other.getMailboxLock('INBOX');
    await other.messageDelete('1', { uid: true });
    lock3.release();
    await sync(box.mailbox.id);
    now = await state();
    expect(now).toEqual({ thread: undefined, folder: undefined, folders: 0 });
    await other.logout();
  });
});

async function folderPathsOfThread(threadId: number): Promise<string[]> {
  const rows = await getDb()
    .select({ path: mailFolders.path })
    .from(threadFolders)
    .innerJoin(mailFolders, eq(mailFolders.id, threadFolders.folderId))
    .where(and(eq(threadFolders.threadId, threadId), inArray(threadFolders.threadId, [threadId])));
  return rows.map((r) => r.path).sort();
}
