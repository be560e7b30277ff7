import { monitorEventLoopDelay } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { attachments, messageBodies, messages, type NewMessage } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { sharedHtmlPool } from '../render/html-pool';
import { TOO_COMPLEX_NOTICE } from '../render/plain-text-fallback';
import { largeHostileHtml, nestedDivs } from '../render/test-fixtures/hostile-html';
import { prepareReply, replyRecipients } from './prepare-reply';
import { forwardSubject, replySubject } from './quote-original';

afterAll(() => closeDb());
const db = () => getDb();

async function messageWith(fields: Partial<NewMessage>, body: { text?: string | null; html?: string | null } = {}) {
  const org = await createTestOrg(db());
  const user = await createTestUser(db(), { orgId: org.id });
  const mailbox = await createTestMailbox(db(), { orgId: org.id, ownerUserId: user.id, email: 'me@company.test' });
  const [id] = await createTestMessages(db(), { orgId: org.id, mailboxId: mailbox.id, count: 1 });
  await db()
    .update(messages)
    .set({
      subject: 'Budget',
      fromAddress: 'alice@example.test',
      fromName: 'Alice',
      sentAt: new Date('2025-03-03T10:15:00Z'),
      ...fields,
    })
    .where(eq(messages.id, id!));
  await db()
    .insert(messageBodies)
    .values({ messageId: id!, orgId: org.id, textBody: body.text ?? null, htmlBody: body.html ?? null });
  const actor: Actor = { kind: 'user', userId: user.id, orgId: org.id, role: 'employee' };
  return { id: id!, org, mailbox, actor };
}

const a = (address: string, name = '') => ({ name, address });

describe('reply defaults', () => {
  it('replies to the Reply-To, else the sender; reply-all adds the other recipients without me or duplicates', async () => {
    const original = {
      from: a('alice@example.test', 'Alice'),
      replyTo: [] as Array<{ name: string; address: string }>,
      to: [a('ME@Company.test', 'Me'), a('bob@example.test', 'Bob'), a('Alice@Example.test')],
      cc: [a('carol@example.test'), a('BOB@example.test', 'Bob again'), a('me@company.test')],
    };
    expect(replyRecipients(original, 'me@company.test', false)).toEqual({
      to: [a('alice@example.test', 'Alice')],
      cc: [],
    });
    expect(replyRecipients(original, 'me@company.test', true)).toEqual({
      to: [a('alice@example.test', 'Alice')],
      cc: [a('bob@example.test', 'Bob'), a('carol@example.test')],
    });
    expect(replyRecipients({ ...original, replyTo: [a('list@example.test')] }, 'me@company.test', false).to).toEqual([
      a('list@example.test'),
    ]);
    // Answering my own sent message goes to its recipients again, not to me.
    const mine = {
      from: a('me@company.test'),
      replyTo: [],
      to: [a('dave@example.test')],
      cc: [a('erin@example.test')],
    };
    expect(replyRecipients(mine, 'Me@company.test', true)).toEqual({
      to: [a('dave@example.test')],
      cc: [a('erin@example.test')],
    });
  });

  it('prefixes the subject once: Re: and Fwd: never stack', () => {
    expect(replySubject('Budget')).toBe('Re: Budget');
    expect(replySubject('RE: Budget')).toBe('RE: Budget');
    expect(replySubject('Re[2]: Budget')).toBe('Re[2]: Budget');
    expect(replySubject('Fwd: Budget')).toBe('Re: Fwd: Budget');
    expect(forwardSubject('Fwd: Budget')).toBe('Fwd: Budget');
    expect(forwardSubject('FW: Budget')).toBe('FW: Budget');
    expect(forwardSubject('Re: Budget')).toBe('Fwd: Re: Budget');
  });

  it('quotes the original for a reply, with thread headers, and nothing active or remote survives', async () => {
    const { id, actor, mailbox } = await messageWith(
      {
        messageIdHeader: '<m-2@example.test>',
        referenceIds: ['<m-1@example.test>'],
        toAddresses: [a('me@company.test')],
        ccAddresses: [a('bob@example.test')],
      },
      {
        html: '<p onclick="steal()">Numbers <b>attached</b></p><script>alert(1)</script><img src="https://tracker.example/p.gif">',
        text: 'Numbers attached\nSecond line',
      },
    );
    const reply = await prepareReply(db(), { actor, messageId: id, mode: 'replyAll' });
    expect(reply).toMatchObject({
      mailboxId: mailbox.id,
      replyToMessageId: id,
      to: [a('alice@example.test', 'Alice')],
      cc: [a('bob@example.test')],
      subject: 'Re: Budget',
      inReplyTo: '<m-2@example.test>',
      references: ['<m-1@example.test>', '<m-2@example.test>'],
      forwardAttachments: [],
    });
    expect(reply.html).toContain('On Mon, Mar 3, 2025, 10:15 AM UTC, Alice &lt;alice@example.test&gt; wrote:');
    expect(reply.html).toMatch(/<blockquote><p>Numbers <b>attached<\/b><\/p><\/blockquote>/);
    expect(reply.html).not.toMatch(/script|onclick|tracker|<img/);
    expect(reply.text).toContain('Alice <alice@example.test> wrote:\n> Numbers attached\n> Second line');
    expect(reply.notice).toBeNull();
  });

  it('escapes a text-only original instead of reading it as HTML', async () => {
    const { id, actor } = await messageWith({}, { text: 'if a < b && c > d then <b>bold</b>' });
    const reply = await prepareReply(db(), { actor, messageId: id, mode: 'reply' });
    expect(reply.html).toContain('if a &lt; b &amp;&amp; c &gt; d then &lt;b&gt;bold&lt;/b&gt;');
  });

  it('forwards with the classic header block and lists the attachments to carry', async () => {
    const { id, org, actor } = await messageWith(
      { toAddresses: [a('me@company.test', 'Me')], ccAddresses: [a('bob@example.test')] },
      { text: 'See the figures.' },
    );
    await db().insert(attachments).values({
      orgId: org.id,
      messageId: id,
      partId: '2',
      filename: 'figures.xlsx',
      contentType: 'application/vnd.ms-excel',
      size: 1234,
    });
    const forward = await prepareReply(db(), { actor, messageId: id, mode: 'forward' });
    expect(forward).toMatchObject({
      replyToMessageId: null,
      to: [],
      cc: [],
      subject: 'Fwd: Budget',
      inReplyTo: null,
      references: [],
    });
    expect(forward.forwardAttachments).toEqual([
      expect.objectContaining({ filename: 'figures.xlsx', size: 1234, inline: false }),
    ]);
    expect(forward.text).toContain(
      [
        '---------- Forwarded message ---------',
        'From: Alice <alice@example.test>',
        'Date: Mon, Mar 3, 2025, 10:15 AM UTC',
        'Subject: Budget',
        'To: Me <me@company.test>',
        'Cc: bob@example.test',
        '',
        'See the figures.',
      ].join('\n'),
    );
  });

  it('is not found for someone who cannot read the mailbox', async () => {
    const { id } = await messageWith({});
    const other = await createTestOrg(db());
    const outsider = await createTestUser(db(), { orgId: other.id });
    await expect(
      prepareReply(db(), {
        actor: { kind: 'user', userId: outsider.id, orgId: other.id, role: 'employee' },
        messageId: id,
        mode: 'reply',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('reply and forward of hostile messages (issue 16)', () => {
  // The workers start once per test process (a second or more from TypeScript source); timed below is the work.
  beforeAll(() =>
    Promise.all([sharedHtmlPool().sanitizeOutgoing('<p>warm</p>'), sharedHtmlPool().sanitizeOutgoing('<p>warm</p>')]),
  );

  it.each([
    ['20,000 nested <div>s', nestedDivs, 'deep'],
    ['2 MB of attribute- and style-heavy tables', largeHostileHtml, 'x0 y x1 y'],
  ])(
    'quotes %s as plain text with a notice, in well under 2 s, never blocking the event loop',
    async (_, build, text) => {
      const html = build();
      const { id, actor } = await messageWith({}, { html });
      for (const mode of ['reply', 'forward'] as const) {
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const started = performance.now();
        const draft = await prepareReply(db(), { actor, messageId: id, mode });
        const elapsed = performance.now() - started;
        delay.disable();
        expect(draft.notice).toBe(TOO_COMPLEX_NOTICE);
        expect(draft.html).toContain(text);
        expect(draft.html).not.toMatch(/<(?:table|td|img|style)|<div><div>|hover/);
        expect(draft.text).toContain(mode === 'reply' ? `> ${text}` : text);
        expect(elapsed).toBeLessThan(1_500);
        // Generous: a functional property (nothing heavy on this thread), not a benchmark.
        expect(delay.max / 1e6).toBeLessThan(200);
      }
    },
  );

  it('quotes the text body of a message too complex to quote formatted, when it has one', async () => {
    const { id, actor } = await messageWith({}, { html: nestedDivs(), text: 'The <text> part\nof it' });
    const reply = await prepareReply(db(), { actor, messageId: id, mode: 'reply' });
    expect(reply).toMatchObject({
      notice: TOO_COMPLEX_NOTICE,
      text: expect.stringContaining('wrote:\n> The <text> part\n> of it'),
    });
    expect(reply.html).toContain('<blockquote>The &lt;text&gt; part<br>\nof it</blockquote>');
  });
});
