import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxAccess, messages, users } from '@/db/schema';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { createTestUser, randomEmail } from '@/test/factories';
import { connectedMailbox, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import { cliActor, type Actor } from '../../access/actor';
import { connectMailbox } from '../mailboxes/connect-mailbox';
import { inProcessParser } from '../parse/parse-input';
import { syncMailbox } from '../sync/sync-mailbox';
import { listMessages } from './list-messages';

// The search operators over messages imported from a real IMAP server, so the search vectors, addresses
// and bodies are what the parse workers make of real mail.
const servers = useMailServers();

type Mail = {
  from: string;
  to?: string;
  cc?: string;
  subject: string;
  body: string;
  html?: boolean;
  attachment?: boolean;
  at: string;
  flags?: string[];
};

function raw(mail: Mail): Buffer {
  const boundary = 'search-boundary';
  const bodyPart = mail.html
    ? ['Content-Type: text/html; charset=utf-8', '', `<p>${mail.body}</p>`]
    : ['Content-Type: text/plain; charset=utf-8', '', mail.body];
  const head = [
    `From: ${mail.from}`,
    `To: ${mail.to ?? 'Someone <someone@example.test>'}`,
    ...(mail.cc ? [`Cc: ${mail.cc}`] : []),
    `Subject: ${mail.subject}`,
    `Date: ${new Date(mail.at).toUTCString()}`,
    `Message-ID: <${mail.subject.replaceAll(' ', '.')}@search.test>`,
    'MIME-Version: 1.0',
  ];
  const lines = mail.attachment
    ? [
        ...head,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        ...bodyPart,
        `--${boundary}`,
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename="numbers.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 numbers').toString('base64'),
        `--${boundary}--`,
      ]
    : [...head, ...bodyPart];
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function put(email: string, folder: string, mails: Mail[]) {
  await appendMessages({
    host: '127.0.0.1',
    port: servers.dovecot.imapPort,
    user: email,
    password: MAIL_PASSWORD,
    folder,
    messages: mails.map((m) => ({ raw: raw(m), internalDate: new Date(m.at), flags: m.flags })),
  });
}

async function connectAs(ownerUserId: string) {
  const email = randomEmail('search');
  await servers.dovecot.addUser(email, MAIL_PASSWORD);
  const mailbox = await connectMailbox(getDb(), {
    ownerUserId,
    email,
    imap: { host: '127.0.0.1', port: servers.dovecot.imapPort, security: 'none' },
    smtp: { host: '127.0.0.1', port: servers.smtp.port, security: 'none' },
    password: MAIL_PASSWORD,
    actor: cliActor,
  });
  return { email, mailbox };
}

const bob = 'Bob Smith <bob@example.test>';
// Days within the import window: day(0) is twenty days ago (UTC).
const DAY = 86_400_000;
const base = Math.floor(Date.now() / DAY) * DAY - 20 * DAY;
const day = (offset: number) => new Date(base + offset * DAY).toISOString().slice(0, 10);
const at = (offset: number, time: string) => `${day(offset)}T${time}Z`;
let actor: Extract<Actor, { kind: 'user' }>;
let inboxId: number;
let stranger: { mailboxId: string; userId: string };
const id = new Map<string, number>();

beforeAll(async () => {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  await put(box.email, 'INBOX', [
    {
      from: bob,
      to: 'Ann Lee <ann@example.test>',
      cc: 'Ops Desk <ops@example.test>',
      subject: 'Q3 invoice for Zanzibar',
      body: 'Please find the quarterly numbers attached.',
      attachment: true,
      at: at(5, '12:00:00'),
    },
    {
      from: 'Carol <carol@example.test>',
      to: bob,
      subject: 'Lunch with bob',
      body: 'See you later, invoice q3 and numbers quarterly.',
      at: at(10, '09:00:00'),
      flags: ['\\Seen', '\\Flagged'],
    },
    {
      from: 'Dave <dave@example.test>',
      subject: 'Invoice q3 draft',
      body: 'Drafted by the bobcat team',
      html: true,
      at: at(3, '09:00:00'),
      flags: ['\\Seen'],
    },
  ]);
  await put(box.email, 'Archive', [
    { from: bob, subject: 'Archived invoice Zanzibar', body: 'old', at: at(8, '09:00:00') },
  ]);
  // A second mailbox of the same user, and a colleague's mailbox the user has no access to.
  const second = await connectAs(box.user.id);
  await put(second.email, 'INBOX', [
    { from: bob, subject: 'Zanzibar in the other mailbox', body: 'hi', at: at(7, '09:00:00') },
  ]);
  const colleague = await createTestUser(getDb(), { orgId: box.org.id });
  const foreign = await connectAs(colleague.id);
  await put(foreign.email, 'INBOX', [
    { from: bob, subject: 'Zanzibar secret', body: 'not for you', at: at(9, '09:00:00') },
  ]);
  stranger = { mailboxId: foreign.mailbox.id, userId: colleague.id };
  for (const mailboxId of [box.mailbox.id, second.mailbox.id, foreign.mailbox.id])
    await syncMailbox(getDb(), { mailboxId, parser: inProcessParser });

  const rows = await getDb().select().from(messages);
  for (const row of rows) id.set(row.subject, row.id);
  const [first] = rows.filter((r) => r.mailboxId === box.mailbox.id && r.subject === 'Lunch with bob');
  inboxId = first!.folderId;
});

const search = async (q: string, options: { limit?: number; cursor?: string } = {}) =>
  (await listMessages(getDb(), { actor, folderId: inboxId, filters: { q }, ...options })).items.map((m) => m.subject);

describe('search operators', () => {
  it('from:, to: and cc: look at those people only, by name or address', async () => {
    expect(await search('from:bob')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('from:"Bob Smith"')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('from:bob@example.test')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('to:bob')).toEqual(['Lunch with bob']);
    expect(await search('to:ann')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('cc:"ops desk"')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('cc:carol')).toEqual([]);
  });

  it('subject: matches its words, a quoted value its exact words in order', async () => {
    expect(await search('subject:invoice')).toEqual(['Q3 invoice for Zanzibar', 'Invoice q3 draft']);
    expect(await search('subject:"q3 invoice"')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('subject:zanz')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('subject:"zanz"')).toEqual([]);
  });

  it('quoted phrases find exact words in order, in text and HTML bodies', async () => {
    expect(await search('"quarterly numbers"')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('"numbers quarterly"')).toEqual(['Lunch with bob']);
    expect(await search('"bobcat team"')).toEqual(['Invoice q3 draft']);
    expect(await search('"bobcat"  from:bob')).toEqual([]);
  });

  it('has:, is:, and free words combined with operators', async () => {
    expect(await search('has:attachment')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('is:unread')).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search('is:read')).toEqual(['Lunch with bob', 'Invoice q3 draft']);
    expect(await search('is:flagged')).toEqual(['Lunch with bob']);
    expect(await search('invoice is:read')).toEqual(['Lunch with bob', 'Invoice q3 draft']);
    expect(await search('from:bob zanzibar has:attachment')).toEqual(['Q3 invoice for Zanzibar']);
  });

  it('before: and after: are calendar days, in UTC or the user’s time zone', async () => {
    expect(await search(`after:${day(5)} before:${day(6)}`)).toEqual(['Q3 invoice for Zanzibar']);
    expect(await search(`before:${day(5)}`)).toEqual(['Invoice q3 draft']);
    await getDb().update(users).set({ timeZone: 'Pacific/Auckland' }).where(eq(users.id, actor.userId));
    try {
      // 12:00 UTC is 00:00 or 01:00 of the next day in Auckland (UTC+12, +13 in its summer).
      expect(await search(`after:${day(6)} before:${day(7)}`)).toEqual(['Q3 invoice for Zanzibar']);
      expect(await search(`after:${day(5)} before:${day(6)}`)).toEqual([]);
    } finally {
      await getDb().update(users).set({ timeZone: null }).where(eq(users.id, actor.userId));
    }
  });

  it('in: searches another folder of the mailbox by special-use name or folder name', async () => {
    expect(await search('in:archive zanzibar')).toEqual(['Archived invoice Zanzibar']);
    expect(await search('in:ARCHIVE')).toEqual(['Archived invoice Zanzibar']);
    expect(await search('in:inbox zanzibar')).toEqual(['Q3 invoice for Zanzibar']);
  });

  it('in:all searches every folder of every readable mailbox, and no other, page by page', async () => {
    expect(await search('in:all zanzibar')).toEqual([
      'Archived invoice Zanzibar',
      'Zanzibar in the other mailbox',
      'Q3 invoice for Zanzibar',
    ]);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMessages(getDb(), {
        actor,
        folderId: inboxId,
        filters: { q: 'in:all from:bob' },
        limit: 1,
        cursor,
      });
      paged.push(...page.items.map((m) => m.subject));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(['Archived invoice Zanzibar', 'Zanzibar in the other mailbox', 'Q3 invoice for Zanzibar']);
    // A grant opens the colleague's mailbox to in:all at once, and its removal closes it again.
    await getDb()
      .insert(mailboxAccess)
      .values({ orgId: actor.orgId, mailboxId: stranger.mailboxId, userId: actor.userId, level: 'read' });
    expect(await search('in:all zanzibar')).toContain('Zanzibar secret');
    await getDb()
      .delete(mailboxAccess)
      .where(and(eq(mailboxAccess.mailboxId, stranger.mailboxId), eq(mailboxAccess.userId, actor.userId)));
    expect(await search('in:all zanzibar')).not.toContain('Zanzibar secret');
  });

  it('refuses a malformed search with the reason for the hint', async () => {
    for (const [q, reason] of [
      ['before:yesterday', 'badDate'],
      ['is:purple', 'badIs'],
      ['has:nothing', 'badHas'],
      ['in:nowhere', 'unknownFolder'],
      ['subject:"q3', 'unbalancedQuote'],
    ] as const)
      await expect(search(q), q).rejects.toMatchObject({ code: 'validation', status: 400, details: { reason } });
  });
});
