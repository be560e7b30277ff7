import { describe, expect, it } from 'vitest';
import { corpusFile } from '@/test/fixtures/mime/corpus-messages';
import { MAX_HEADER_VALUE, MAX_SUBJECT } from './header-fields';
import { parseMessage } from './parse-message';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('parseMessage on the corpus', () => {
  it('decodes an ISO-2022-JP subject and body', async () => {
    const message = await parseMessage(corpusFile('mimekit/messages/japanese.txt'));
    expect(message.subject).toBe('日本語メールテスト (testing Japanese emails)');
    expect(message.text).toContain('日本語が');
    expect(message.from).toEqual({ name: 'Atsushi Eno', address: 'x@x.com' });
    expect(message.date?.toISOString()).toBe('2015-07-21T16:02:29.000Z');
    expect(message.damaged).toBeNull();
  });

  it('decodes windows-1251 subject and sender name', async () => {
    const message = await parseMessage(corpusFile('rspamd/spam.eml'));
    expect(message.subject).toMatch(/^Аудиоэнциклопедии для детей - великолепная коллекция/);
    expect(message.from).toEqual({ name: 'Андрей Потапов', address: 'info@jbshvnthwigaf.ru' });
  });

  it('decodes RFC 2231 file names (charset, continuations)', async () => {
    const nodemailer = await parseMessage(corpusFile('nodemailer-mailparser/nodemailer.eml'));
    expect(nodemailer.attachments.map((a) => a.filename)).toContain('nyan cat ✔.gif');
    const latin1 = await parseMessage(corpusFile('ruby-mail/attachment_emails/attachment_with_quoted_filename.eml'));
    expect(latin1.attachments).toEqual([
      expect.objectContaining({ filename: 'Eelanalüüsi päring.jpg', contentType: 'image/jpeg' }),
    ]);
  });

  it('lists a cid: image as inline with its Content-ID, and keeps cid: links in the HTML', async () => {
    const message = await parseMessage(corpusFile('php-mime-mail-parser/m0129'));
    const [image] = message.attachments;
    expect(image).toMatchObject({ contentType: 'image/png', inline: true, partId: '2', size: 11293 });
    expect(image?.contentId).toBe('c024cb5b0c6eaf060a837c53db9af39b5b564d3956b8d4223fbf308b11b4e79e');
    expect(image?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(message.html).toContain(`cid:${image?.contentId}`);
    expect(message.html).not.toContain('data:image');
  });

  it('marks only referenced parts inline', async () => {
    const message = await parseMessage(corpusFile('nodemailer-mailparser/nodemailer.eml'));
    const inline = Object.fromEntries(message.attachments.map((a) => [a.filename ?? a.contentType, a.inline]));
    expect(inline).toMatchObject({ 'nyan cat ✔.gif': true, 'image.png': true, 'notes.txt': false });
  });

  it('returns a path-traversal attachment name as data, unresolved', async () => {
    const message = await parseMessage(corpusFile('php-mime-mail-parser/m0124'));
    expect(message.attachments.map((a) => a.filename)).toEqual(['1234/../../1234.txt']);
  });

  it('caps a 3,300-line Subject and a 135 KB To: header', async () => {
    const longSubject = await parseMessage(corpusFile('flanker/long-header.eml'));
    expect(longSubject.subject.length).toBeLessThanOrEqual(MAX_SUBJECT);
    expect(longSubject.subject).toMatch(/^Die heiße Zypernsonne quälte Max/);
    const hugeTo = await parseMessage(corpusFile('mimekit/messages/stack-overflow.txt'));
    const to = hugeTo.headers.find(([name]) => name === 'to');
    expect(to?.[1].length).toBeLessThanOrEqual(MAX_HEADER_VALUE);
    expect(hugeTo.snippet).toBe('Message Body');
    for (const [, value] of [...longSubject.headers, ...hugeTo.headers])
      expect(value.length).toBeLessThanOrEqual(MAX_HEADER_VALUE);
  });

  it('gives a null date for an unreadable Date header instead of "now"', async () => {
    const message = await parseMessage(corpusFile('james-mime4j/testmsgs/obsolete.msg'));
    expect(message.headers).toContainEqual(['date', 'Malformed Date.']);
    expect(message.date).toBeNull();
    expect(message.subject).toBe('The obsolete syntax allow spaces before the colon and also empty lines in folding.');
  });
});

describe('parseMessage on constructed input', () => {
  it('handles a message without a body', async () => {
    const message = await parseMessage(crlf(['From: Ann <ann@example.test>', 'Subject: headers only', '', '']));
    expect(message).toMatchObject({
      subject: 'headers only',
      text: null,
      html: null,
      snippet: '',
      attachments: [],
      damaged: null,
    });
  });

  it('flattens groups, decodes names, reads threading headers', async () => {
    const message = await parseMessage(
      crlf([
        'From: =?UTF-8?B?w4luYSBNw7xsbGVy?= <ena@example.test>',
        'To: Team: a@example.test, "Doe, B." <b@example.test>;, c@example.test',
        'Cc: undisclosed-recipients:;',
        'Message-ID: <m3@example.test>',
        'In-Reply-To: <m2@example.test>',
        'References: <m1@example.test>',
        '  <m2@example.test>',
        'Date: 1',
        '',
        'Hi',
      ]),
    );
    expect(message.from).toEqual({ name: 'Éna Müller', address: 'ena@example.test' });
    expect(message.to.map((a) => a.address)).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
    expect(message.to[1]?.name).toBe('Doe, B.');
    expect(message.cc).toEqual([]);
    expect(message).toMatchObject({
      messageId: '<m3@example.test>',
      inReplyTo: '<m2@example.test>',
      references: ['<m1@example.test>', '<m2@example.test>'],
    });
    // The built-in Date parser reads "1" as 2001-01-01.
    expect(message.date).toBeNull();
  });

  it('builds the snippet from HTML without styles, scripts, tags or entities', async () => {
    const message = await parseMessage(
      crlf([
        'Subject: html only',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><title>Newsletter</title><style>p { color: red }</style></head><body>',
        '<div style="display:none">Preview&nbsp;&zwnj;&#847;&zwnj;</div><script>alert(1)</script>',
        '<p>Caf&eacute; &amp; <b>cr&#232;me</b></p><p>next&#x2014;line&hellip;&#150;</p><!-- a comment -->',
        '</body></html>',
      ]),
    );
    expect(message.text).toBeNull();
    expect(message.html).toContain('<script>alert(1)</script>');
    expect(message.snippet).toBe('Preview Café & crème next—line…–');
  });

  it('keeps the snippet to 200 characters with whitespace collapsed', async () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' \r\n\t ');
    const message = await parseMessage(crlf(['Subject: long', '', words]));
    expect(message.snippet.length).toBeLessThanOrEqual(200);
    expect(message.snippet).toMatch(/^word0 word1 word2 /);
    expect(message.snippet).not.toMatch(/\s{2}/);
  });

  it('reports a message with too many parts as damaged, headers still read', async () => {
    const parts = Array.from({ length: 1100 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join(
      '',
    );
    const message = await parseMessage(
      crlf([
        'Subject: many parts',
        'From: x@example.test',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        `${parts}--b--`,
      ]),
    );
    expect(message.damaged).toMatch(/^too complex/);
    expect(message.subject).toBe('many parts');
    expect(message.from?.address).toBe('x@example.test');
  });

  it('never throws, whatever the bytes', async () => {
    for (const raw of [
      Buffer.alloc(0),
      Buffer.from([0, 255, 0, 13, 10]),
      Buffer.from(':\r\n\r\n'),
      Buffer.alloc(70_000, 0x41),
    ]) {
      const message = await parseMessage(raw);
      expect(typeof message.subject).toBe('string');
      expect(message.snippet.length).toBeLessThanOrEqual(200);
    }
  });
});
