import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { simpleParser, type AddressObject } from 'mailparser';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import {
  attachments,
  composeUploads,
  mailboxAccess,
  mailboxes,
  messages,
  outgoingMessages,
  outgoingUsage,
} from '@/db/schema';
import { startSmtpCapture, type CapturedMessage } from '@/scripts/test-servers/smtp-capture';
import { startTcpProxy } from '@/scripts/test-servers/tcp-proxy';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { createTestOrg, createTestUser } from '@/test/factories';
import { connectedMailbox, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { AppError, type ErrorCode } from '../../errors';
import { loadCatalogue } from '../../i18n/catalogue';
import { getOutgoingUsage, quotaMonth } from '../../plans/outgoing-quota';
import { updateMailboxPassword } from '../mailboxes/update-mailbox-password';
import { type ProblemTranslator, storedErrorText } from '../stored-error';
import { inProcessParser } from '../parse/parse-input';
import { syncMailbox } from '../sync/sync-mailbox';
import { createUpload, deleteUpload } from './create-upload';
import { prepareReply } from './prepare-reply';
import { sendMessage } from './send-message';

const servers = useMailServers();
const db = () => getDb();

/** What a page's getTranslations('problems') gives a French reader. */
async function frenchProblems(): Promise<ProblemTranslator> {
  const t = createTranslator({ locale: 'fr', messages: await loadCatalogue('fr'), namespace: 'problems' as never });
  return Object.assign((key: string, values?: Record<string, string | number>) => t(key as never, values as never), {
    has: (key: string) => t.has(key as never),
  });
}

async function setup() {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const actor: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  const used = async () => (await getOutgoingUsage(db(), { org: box.org })).used;
  /** What another client sees in a folder of the mailbox. */
  const folder = async (path: string) => {
    const client = await box.otherClient();
    try {
      await client.mailboxOpen(path);
      const all = await client.fetchAll('1:*', { uid: true, flags: true, source: true }).catch(() => []);
      return all.map((m) => ({ uid: m.uid, flags: m.flags ?? new Set<string>(), source: m.source?.toString() ?? '' }));
    } finally {
      await client.logout();
    }
  };
  const base = { actor, mailboxId: box.mailbox.id, html: '<p>Hello</p>' };
  return { box, actor, used, folder, base };
}

const subjectOf = () => `Subject ${randomBytes(4).toString('hex')}`;
const capturedWith = (subject: string, smtp: { messages: CapturedMessage[] } = servers.smtp) =>
  smtp.messages.filter((m) => m.raw.toString().includes(subject));
const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address));

describe('sending mail', () => {
  it('delivers html, text and an attachment with Bcc only in the envelope, saves a read copy to Sent and uses the quota', async () => {
    const { box, actor, used, folder, base } = await setup();
    const file = Buffer.from(`%PDF-1.4 ${randomBytes(2000).toString('base64')}`);
    const upload = await createUpload(db(), {
      actor,
      filename: 'report.pdf',
      contentType: 'application/pdf',
      content: file,
    });
    const subject = subjectOf();
    const result = await sendMessage(db(), {
      ...base,
      clientKey: randomUUID(),
      to: ['Alice Example <alice@example.test>'],
      cc: [{ name: 'Carol', address: 'carol@example.test' }],
      bcc: ['bob@example.test'],
      subject,
      html: '<p>Hello <b>Alice</b></p><script>alert(1)</script><img src="https://tracker.example/x.gif">',
      uploadIds: [upload.id],
    });
    expect(result).toMatchObject({ status: 'sent', savedToSent: true });

    const captured = await servers.smtp.waitForMessage((m) => m.raw.toString().includes(subject));
    expect(captured.envelope.from).toBe(box.email);
    expect(captured.envelope.to.sort()).toEqual(['alice@example.test', 'bob@example.test', 'carol@example.test']);
    const parsed = await simpleParser(captured.raw);
    expect(parsed.messageId).toBe(result.messageIdHeader);
    expect(parsed.messageId).toMatch(new RegExp(`@${box.email.split('@')[1]!.replace('.', '\\.')}>$`));
    expect(addresses(parsed.from)).toEqual([box.email]);
    expect(addresses(parsed.to)).toEqual(['alice@example.test']);
    expect(addresses(parsed.cc)).toEqual(['carol@example.test']);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(captured.raw.toString()).not.toContain('bob@example.test');
    expect(parsed.html).toContain('<b>Alice</b>');
    expect(parsed.html).not.toMatch(/script|tracker/);
    expect(parsed.text).toContain('Hello Alice');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['report.pdf', 'application/pdf']]);
    expect(parsed.attachments[0]!.content.equals(file)).toBe(true);

    const sent = (await folder('Sent')).filter((m) => m.source.includes(subject));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.flags.has('\\Seen')).toBe(true);
    // The writer's own copy remembers whom they sent a blind copy to.
    expect(sent[0]!.source).toMatch(/^Bcc: bob@example\.test/m);
    expect(await used()).toBe(1);
    expect(await db().select().from(composeUploads).where(eq(composeUploads.id, upload.id))).toEqual([]);
  });

  it('sends once when the same message is sent twice at the same time (double click)', async () => {
    const { used, base } = await setup();
    const subject = subjectOf();
    const input = { ...base, clientKey: randomUUID(), to: ['alice@example.test'], subject };
    const results = await Promise.all([sendMessage(db(), input), sendMessage(db(), input), sendMessage(db(), input)]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    // A retried request later on also learns the result without sending.
    expect((await sendMessage(db(), input)).id).toBe(results[0]!.id);
    expect(capturedWith(subject)).toHaveLength(1);
    expect(await used()).toBe(1);
  });

  it('refuses when the monthly quota is used up, sending nothing and saying so', async () => {
    const { box, used, base } = await setup();
    await db()
      .insert(outgoingUsage)
      .values({ orgId: box.org.id, month: quotaMonth(new Date()), used: 10_000 });
    const subject = subjectOf();
    await expect(
      sendMessage(db(), { ...base, clientKey: randomUUID(), to: ['alice@example.test'], subject }),
    ).rejects.toMatchObject({
      code: 'limit_exceeded',
      userMessage: expect.stringMatching(/sent 10,000 of the 10,000 e-mails/),
    });
    expect(capturedWith(subject)).toHaveLength(0);
    expect(await used()).toBe(10_000);
  });

  it('reports a server refusal (wrong SMTP password) as failed, marks the mailbox for a new password, gives the quota back, and may be retried once fixed', async () => {
    const { box, actor, used, base } = await setup();
    const strict = await startSmtpCapture({ users: { [box.email]: 'the-current-password' } });
    try {
      await db().update(mailboxes).set({ smtpPort: strict.port }).where(eq(mailboxes.id, box.mailbox.id));
      const input = { ...base, clientKey: randomUUID(), to: ['alice@example.test'], subject: subjectOf() };
      const failed = await sendMessage(db(), input);
      const refusal =
        /^The SMTP server 127\.0\.0\.1 refused the user name or password for sending, so the message was not sent\. Enter the password of this mailbox again/;
      const problem = { key: 'send.smtpPasswordRefused', values: { host: '127.0.0.1' } };
      expect(failed).toMatchObject({
        status: 'failed',
        savedToSent: false,
        error: { code: 'mail_auth_failed', userMessage: expect.stringMatching(refusal), problem },
      });
      const [outbox] = await db().select().from(outgoingMessages).where(eq(outgoingMessages.id, failed.id));
      expect(outbox).toMatchObject({ errorMessage: expect.stringMatching(refusal), errorProblem: problem });
      expect(strict.messages).toHaveLength(0);
      expect(await used()).toBe(0);
      // The send route answers it with the code's status: a 4xx the compose window shows.
      expect(new AppError(failed.error!.code as ErrorCode, { userMessage: failed.error!.userMessage }).status).toBe(
        422,
      );

      // As when IMAP refuses the password during a sync: the mailbox asks for a new one.
      const [marked] = await db().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
      expect(marked).toMatchObject({
        requiresReauth: true,
        lastErrorCode: 'mail_auth_failed',
        lastErrorMessage: expect.stringMatching(refusal),
        lastErrorProblem: problem,
        lastErrorAt: expect.any(Date),
      });
      // The settings pages word it in the reader's language; a row from before problems shows its English.
      const french = await frenchProblems();
      expect(storedErrorText(french, marked!.lastErrorProblem, marked!.lastErrorMessage)).toMatch(
        /^Le serveur SMTP 127\.0\.0\.1 a refusé le nom d’utilisateur ou le mot de passe pour l’envoi/,
      );
      expect(storedErrorText(french, null, marked!.lastErrorMessage)).toMatch(refusal);

      // Reconnecting (checked against both servers) clears it.
      await updateMailboxPassword(db(), {
        mailboxId: box.mailbox.id,
        actor,
        password: MAIL_PASSWORD,
        smtpPassword: 'the-current-password',
      });
      const [cleared] = await db().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
      expect(cleared).toMatchObject({
        requiresReauth: false,
        lastErrorCode: null,
        lastErrorMessage: null,
        lastErrorProblem: null,
        lastErrorAt: null,
      });

      // Nothing went out, so the same compose window may send again once the password is right.
      expect(await sendMessage(db(), input)).toMatchObject({ id: failed.id, status: 'sent' });
      const [resent] = await db().select().from(outgoingMessages).where(eq(outgoingMessages.id, failed.id));
      expect(resent).toMatchObject({ errorCode: null, errorMessage: null, errorProblem: null });
      expect(strict.messages).toHaveLength(1);
      expect(await used()).toBe(1);
    } finally {
      await strict.stop();
    }
  });

  it('does not mark the mailbox when the SMTP server fails for another reason', async () => {
    const { box, used, base } = await setup();
    const full = await startSmtpCapture({ maxSize: 1_000 });
    try {
      await db().update(mailboxes).set({ smtpPort: full.port }).where(eq(mailboxes.id, box.mailbox.id));
      const failed = await sendMessage(db(), {
        ...base,
        clientKey: randomUUID(),
        to: ['alice@example.test'],
        subject: subjectOf(),
        html: `<p>${'x'.repeat(5_000)}</p>`,
      });
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'mail_server_error' } });
      expect(await used()).toBe(0);
      const [mailbox] = await db().select().from(mailboxes).where(eq(mailboxes.id, box.mailbox.id));
      expect(mailbox).toMatchObject({ requiresReauth: false, lastErrorCode: null });
    } finally {
      await full.stop();
    }
  });

  it('reports delivery_unknown when the connection dies after the data, keeps the quota and never resends', async () => {
    const { box, used, base } = await setup();
    const silent = await startSmtpCapture({ hangAfterData: true });
    const proxy = await startTcpProxy(silent.port);
    try {
      await db().update(mailboxes).set({ smtpPort: proxy.port }).where(eq(mailboxes.id, box.mailbox.id));
      const subject = subjectOf();
      const input = { ...base, clientKey: randomUUID(), to: ['alice@example.test'], subject };
      const sending = sendMessage(db(), input);
      await silent.waitForMessage((m) => m.raw.toString().includes(subject), 10_000);
      await proxy.stop();
      const result = await sending;
      expect(result).toMatchObject({
        status: 'delivery_unknown',
        savedToSent: false,
        error: {
          userMessage: expect.stringMatching(/may or may not have been delivered/),
          problem: { key: 'send.deliveryUnknown' },
        },
      });
      expect(await used()).toBe(1);

      // Even with a working server again, the same message is not sent a second time; the repeated request
      // reports the problem stored with the row, for the compose window to word.
      await db().update(mailboxes).set({ smtpPort: servers.smtp.port }).where(eq(mailboxes.id, box.mailbox.id));
      const repeated = await sendMessage(db(), input);
      expect(repeated).toMatchObject({
        id: result.id,
        status: 'delivery_unknown',
        error: { problem: { key: 'send.deliveryUnknown' } },
      });
      expect(storedErrorText(await frenchProblems(), repeated.error!.problem, repeated.error!.userMessage)).toMatch(
        /^La connexion au serveur de messagerie a été coupée après la transmission du message/,
      );
      expect(silent.messages).toHaveLength(1);
      expect(capturedWith(subject)).toHaveLength(0);
      expect(await used()).toBe(1);
    } finally {
      await proxy.stop();
      await silent.stop();
    }
  });

  it('neutralizes line breaks in subject, names and file names, and refuses them in addresses', async () => {
    const { actor, base } = await setup();
    const upload = await createUpload(db(), {
      actor,
      filename: 'notes.txt\r\nX-Injected: file',
      contentType: 'text/plain\r\nX-Injected: type',
      content: Buffer.from('hi'),
    });
    const subject = subjectOf();
    const result = await sendMessage(db(), {
      ...base,
      clientKey: randomUUID(),
      to: [{ name: 'Eve\r\nX-Injected: name', address: 'eve@example.test' }],
      subject: `${subject}\r\nBcc: victim@evil.test\r\nX-Injected: subject`,
      uploadIds: [upload.id],
    });
    expect(result.status).toBe('sent');
    const captured = await servers.smtp.waitForMessage((m) => m.raw.toString().includes(subject));
    expect(captured.raw.toString()).not.toMatch(/^(bcc|x-injected):/im);
    expect(captured.envelope.to).toEqual(['eve@example.test']);
    const parsed = await simpleParser(captured.raw);
    expect(parsed.subject).toMatch(new RegExp(`^${subject}\\s+Bcc: victim@evil.test\\s+X-Injected: subject$`));
    expect(parsed.attachments[0]?.filename).toBe('notes.txt X-Injected: file');

    for (const to of [
      ['bob@example.test\r\nBcc: victim@evil.test'],
      [{ address: 'bob@example.test\nCc: victim@evil.test' }],
      ['bob@example.test, victim@evil.test'],
    ]) {
      await expect(
        sendMessage(db(), { ...base, clientKey: randomUUID(), to, subject: subjectOf() }),
      ).rejects.toMatchObject({ code: 'validation' });
    }
    expect(servers.smtp.messages.filter((m) => m.envelope.to.includes('victim@evil.test'))).toEqual([]);

    const many = Array.from({ length: 101 }, (_, i) => `r${i}@example.test`);
    await expect(
      sendMessage(db(), { ...base, clientKey: randomUUID(), to: many, subject: subjectOf() }),
    ).rejects.toMatchObject({ code: 'validation', userMessage: expect.stringMatching(/at most 100 recipients/) });
    await expect(
      sendMessage(db(), { ...base, clientKey: randomUUID(), to: ['a@example.test'], subject: 'x'.repeat(999) }),
    ).rejects.toMatchObject({ code: 'validation', userMessage: expect.stringMatching(/at most 998 characters/) });
  });

  it('refuses attachments over 14.3 MB in total before anything is sent or counted', async () => {
    const { actor, used, base } = await setup();
    await expect(
      createUpload(db(), {
        actor,
        filename: 'huge.bin',
        contentType: 'application/octet-stream',
        content: Buffer.alloc(14_300_001),
      }),
    ).rejects.toMatchObject({
      code: 'limit_exceeded',
      userMessage: expect.stringMatching(/at most 14\.3 MB/),
    });
    const a = await createUpload(db(), {
      actor,
      filename: 'a.bin',
      contentType: 'application/octet-stream',
      content: Buffer.alloc(7_500_000, 1),
    });
    const b = await createUpload(db(), {
      actor,
      filename: 'b.bin',
      contentType: 'application/octet-stream',
      content: Buffer.alloc(7_500_000, 2),
    });
    const subject = subjectOf();
    const clientKey = randomUUID();
    await expect(
      sendMessage(db(), { ...base, clientKey, to: ['alice@example.test'], subject, uploadIds: [a.id, b.id] }),
    ).rejects.toMatchObject({
      code: 'limit_exceeded',
      userMessage: expect.stringMatching(/at most 14\.3 MB per message; these total 15\.0 MB/),
    });
    expect(capturedWith(subject)).toHaveLength(0);
    expect(await used()).toBe(0);
    expect(await db().select().from(outgoingMessages).where(eq(outgoingMessages.clientKey, clientKey))).toEqual([]);
  });

  it("keeps uploads private to their uploader, and clears a user's day-old uploads", async () => {
    const { box, actor, base } = await setup();
    const upload = await createUpload(db(), {
      actor,
      filename: 'salary.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('private'),
    });
    const colleague = await createTestUser(db(), { orgId: box.org.id });
    await db()
      .insert(mailboxAccess)
      .values({ orgId: box.org.id, mailboxId: box.mailbox.id, userId: colleague.id, level: 'send' });
    const asColleague: Actor = { kind: 'user', userId: colleague.id, orgId: box.org.id, role: 'employee' };
    const subject = subjectOf();
    await expect(
      sendMessage(db(), {
        ...base,
        actor: asColleague,
        clientKey: randomUUID(),
        to: ['alice@example.test'],
        subject,
        uploadIds: [upload.id],
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteUpload(db(), { actor: asColleague, uploadId: upload.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(capturedWith(subject)).toHaveLength(0);

    const old = await createUpload(db(), {
      actor,
      filename: 'old.txt',
      contentType: 'text/plain',
      content: Buffer.from('old'),
      now: new Date(Date.now() - 25 * 3600_000),
    });
    await createUpload(db(), {
      actor: asColleague,
      filename: 'new.txt',
      contentType: 'text/plain',
      content: Buffer.from('new'),
    });
    expect(
      await db().select({ id: composeUploads.id }).from(composeUploads).where(eq(composeUploads.id, old.id)),
    ).toHaveLength(1);
    await createUpload(db(), { actor, filename: 'new.txt', contentType: 'text/plain', content: Buffer.from('new') });
    expect(
      await db().select({ id: composeUploads.id }).from(composeUploads).where(eq(composeUploads.id, old.id)),
    ).toEqual([]);
    await deleteUpload(db(), { actor, uploadId: upload.id });
    expect(
      await db().select({ id: composeUploads.id }).from(composeUploads).where(eq(composeUploads.id, upload.id)),
    ).toEqual([]);
  });

  it('refuses people without the send right, other organizations, and disabled mailboxes', async () => {
    const { box, base } = await setup();
    const reader = await createTestUser(db(), { orgId: box.org.id });
    await db()
      .insert(mailboxAccess)
      .values({ orgId: box.org.id, mailboxId: box.mailbox.id, userId: reader.id, level: 'read' });
    const input = { ...base, clientKey: randomUUID(), to: ['alice@example.test'], subject: subjectOf() };
    await expect(
      sendMessage(db(), { ...input, actor: { kind: 'user', userId: reader.id, orgId: box.org.id, role: 'employee' } }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      userMessage: 'You may read this mailbox but not send from it.',
    });
    const otherOrg = await createTestOrg(db());
    const outsider = await createTestUser(db(), { orgId: otherOrg.id, role: 'admin' });
    await expect(
      sendMessage(db(), { ...input, actor: { kind: 'user', userId: outsider.id, orgId: otherOrg.id, role: 'admin' } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await db()
      .update(mailboxes)
      .set({ status: 'disabled', disabledReason: 'plan_limit' })
      .where(eq(mailboxes.id, box.mailbox.id));
    await expect(sendMessage(db(), input)).rejects.toMatchObject({
      code: 'limit_exceeded',
      userMessage: expect.stringMatching(/cannot send/),
    });
    expect(capturedWith(input.subject)).toHaveLength(0);
  });

  it('threads a reply (In-Reply-To, References) and marks the original \\Answered on the server and locally', async () => {
    const { box, actor, folder, base } = await setup();
    const client = await box.otherClient();
    await client.append(
      'INBOX',
      generateMessage({
        subject: 'Question',
        messageId: '<q-2@example.test>',
        headers: { References: '<q-1@example.test>', 'In-Reply-To': '<q-1@example.test>' },
      }),
    );
    await client.logout();
    await syncMailbox(db(), { mailboxId: box.mailbox.id, parser: inProcessParser });
    const [original] = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, 'Question')));

    const draft = await prepareReply(db(), { actor, messageId: original!.id, mode: 'reply' });
    const result = await sendMessage(db(), {
      ...base,
      clientKey: randomUUID(),
      to: draft.to,
      subject: draft.subject,
      html: `<p>Answer</p>${draft.html}`,
      replyToMessageId: draft.replyToMessageId,
    });
    expect(result.status).toBe('sent');
    const parsed = await simpleParser(
      (await servers.smtp.waitForMessage((m) => m.raw.toString().includes(result.messageIdHeader))).raw,
    );
    expect(parsed.subject).toBe('Re: Question');
    expect(addresses(parsed.to)).toEqual(['alice@example.test']);
    expect(parsed.inReplyTo).toBe('<q-2@example.test>');
    expect([parsed.references].flat()).toEqual(['<q-1@example.test>', '<q-2@example.test>']);
    expect(parsed.html).toMatch(/<blockquote>/);

    const inbox = await folder('INBOX');
    expect(inbox[0]!.flags.has('\\Answered')).toBe(true);
    expect((await db().select().from(messages).where(eq(messages.id, original!.id)))[0]!.answered).toBe(true);
  });

  it('forwards the original attachments, fetched from the mail server', async () => {
    const { box, actor, base } = await setup();
    const client = await box.otherClient();
    const source = generateMessage({ subject: 'Figures', attachmentBytes: 6000, attachmentName: 'figures.bin' });
    await client.append('INBOX', source);
    await client.logout();
    await syncMailbox(db(), { mailboxId: box.mailbox.id, parser: inProcessParser });
    const [original] = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, 'Figures')));
    const draft = await prepareReply(db(), { actor, messageId: original!.id, mode: 'forward' });
    expect(draft.forwardAttachments.map((a) => a.filename)).toEqual(['figures.bin']);
    expect(await db().select().from(attachments).where(eq(attachments.messageId, original!.id))).toHaveLength(1);

    const result = await sendMessage(db(), {
      ...base,
      clientKey: randomUUID(),
      to: ['dave@example.test'],
      subject: draft.subject,
      html: draft.html,
      forwardAttachmentIds: draft.forwardAttachments.map((a) => a.id),
    });
    const parsed = await simpleParser(
      (await servers.smtp.waitForMessage((m) => m.raw.toString().includes(result.messageIdHeader))).raw,
    );
    const originalFile = (await simpleParser(source)).attachments[0]!;
    expect(parsed.subject).toBe('Fwd: Figures');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['figures.bin']);
    expect(parsed.attachments[0]!.content.equals(originalFile.content)).toBe(true);
    expect(parsed.text).toContain('---------- Forwarded message ---------');
  });
});
