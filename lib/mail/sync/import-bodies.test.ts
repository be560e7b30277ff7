import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments, messageBodies, messages } from '@/db/schema';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { connectedMailbox, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import { createParsePool } from '../parse/parse-pool';
import { syncMailbox } from './sync-mailbox';

const servers = useMailServers();

const mime = (lines: string[]) => Buffer.from(lines.join('\r\n'));
const head = (subject: string, contentType: string, extra: string[] = []) => [
  'From: "Zoë Q" <zoe@example.test>',
  'To: team@example.test',
  `Subject: ${subject}`,
  `Message-ID: <${subject.replace(/\W+/g, '-')}@example.test>`,
  'Date: Mon, 16 Nov 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  `Content-Type: ${contentType}`,
  ...extra,
];
const image = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

const CASES = [
  mime([
    ...head('qp latin1', 'text/plain; charset=iso-8859-1', ['Content-Transfer-Encoding: quoted-printable']),
    '',
    'Caf=E9 cr=E8me, ligne tr=E8s =',
    'longue.',
    '',
  ]),
  mime([
    ...head('flowed', 'text/plain; charset=utf-8; format=flowed'),
    '',
    'This paragraph was ',
    'flowed by its sender.',
    '',
  ]),
  mime([
    ...head('alternative with inline image', 'multipart/alternative; boundary="a"'),
    '',
    '--a',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('Plain version: Grüße').toString('base64'),
    '--a',
    'Content-Type: multipart/related; boundary="r"',
    '',
    '--r',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Rich <b>version</b> <img src="cid:logo@x"></p>',
    '--r',
    'Content-Type: image/png',
    'Content-ID: <logo@x>',
    'Content-Transfer-Encoding: base64',
    '',
    image,
    '--r--',
    '--a--',
    '',
  ]),
  mime([
    ...head('mixed with attachment', 'multipart/mixed; boundary="m"'),
    '',
    '--m',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<div>Only <i>HTML</i> here, quarterly figures attached.</div>',
    '--m',
    'Content-Type: application/pdf; name="=?UTF-8?B?UmFwcG9ydCDDqXTDqS5wZGY=?="',
    "Content-Disposition: attachment; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.pdf",
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.alloc(3000, 7).toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--m--',
    '',
  ]),
];

describe('import of message bodies (BODYSTRUCTURE and text sections, through the parse workers)', () => {
  it('decodes charsets and transfer encodings, keeps both alternatives, and lists attachments without downloading them', async () => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    await appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      messages: CASES.map((raw) => ({ raw })),
    });
    const pool = createParsePool({ size: 1 });
    try {
      expect(await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: pool })).toMatchObject({ imported: 4 });
    } finally {
      await pool.close();
    }
    const rows = await getDb()
      .select({
        id: messages.id,
        subject: messages.subject,
        snippet: messages.snippet,
        state: messages.bodyState,
        hasAttachments: messages.hasAttachments,
        text: messageBodies.textBody,
        html: messageBodies.htmlBody,
      })
      .from(messages)
      .innerJoin(messageBodies, eq(messageBodies.messageId, messages.id))
      .where(eq(messages.mailboxId, box.mailbox.id));
    const bySubject = new Map(rows.map((row) => [row.subject, row]));

    expect(bySubject.get('qp latin1')).toMatchObject({
      text: 'Café crème, ligne très longue.\r\n',
      state: 'complete',
      snippet: 'Café crème, ligne très longue.',
    });
    expect(bySubject.get('flowed')?.text).toContain('This paragraph was flowed by its sender.');
    const alternative = bySubject.get('alternative with inline image')!;
    expect(alternative).toMatchObject({ text: 'Plain version: Grüße', hasAttachments: false });
    expect(alternative.html).toContain('<b>version</b>');
    const mixed = bySubject.get('mixed with attachment')!;
    expect(mixed).toMatchObject({
      text: null,
      hasAttachments: true,
      snippet: 'Only HTML here, quarterly figures attached.',
    });

    const parts = await getDb().select().from(attachments).where(eq(attachments.orgId, box.org.id));
    expect(parts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          messageId: alternative.id,
          partId: '2.2',
          contentType: 'image/png',
          contentId: 'logo@x',
          inline: true,
          sha256: null,
        }),
        expect.objectContaining({
          messageId: mixed.id,
          partId: '2',
          contentType: 'application/pdf',
          filename: 'Rapport été.pdf',
          inline: false,
        }),
      ]),
    );
    const pdf = parts.find((part) => part.messageId === mixed.id)!;
    // Described from the server's encoded size, within a line or two of the 3,000 decoded bytes.
    expect(Math.abs(pdf.size - 3000)).toBeLessThan(80);

    // Every message is searchable by subject, people and body words as soon as it is imported.
    const search = async (query: string) =>
      (
        await getDb().execute<{ subject: string }>(
          sql`select subject from messages where mailbox_id = ${box.mailbox.id} and search_vector @@ ${query}::tsquery order by subject`,
        )
      ).rows.map((r) => r.subject);
    expect(await search(`'quarterly' & 'figures'`)).toEqual(['mixed with attachment']);
    expect(await search(`'crème'`)).toEqual(['qp latin1']);
    expect(await search(`'zoë'`)).toHaveLength(4);
    expect(await search(`'grüße'`)).toEqual(['alternative with inline image']);
  });
});
