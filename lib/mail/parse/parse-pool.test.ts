import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { createParsePool } from './parse-pool';

const HEAD = [
  'From: Pat <pat@example.test>',
  'To: team@example.test',
  'Message-ID: <big@example.test>',
  'MIME-Version: 1.0',
];

function message(subject: string, body: string, contentType = 'text/plain; charset=utf-8'): Buffer {
  return Buffer.from([...HEAD, `Subject: ${subject}`, `Content-Type: ${contentType}`, '', body].join('\r\n'));
}

/** ~20 MB of base64 (under the 25 MB cap): about half a second of decoding and hashing, far beyond 100 ms. */
function slowMessage(): Buffer {
  const base64 = randomBytes(15 * 1024 * 1024)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  const body = [
    '--b',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: base64',
    '',
    base64,
    '--b--',
  ].join('\r\n');
  return message('slow one', body, 'multipart/mixed; boundary=b');
}

describe('createParsePool', () => {
  it('parses in worker threads and returns each caller its own result', async () => {
    const pool = createParsePool({ size: 2 });
    try {
      const subjects = Array.from({ length: 12 }, (_, i) => `message ${i}`);
      const results = await Promise.all(subjects.map((subject) => pool.parse(message(subject, `body of ${subject}`))));
      expect(results.map((r) => r.subject)).toEqual(subjects);
      expect(results.map((r) => r.snippet)).toEqual(subjects.map((s) => `body of ${s}`));
      expect(pool.mode).toBe('workers');
    } finally {
      await pool.close();
    }
  });

  it('does not detach or change the caller’s buffer', async () => {
    const pool = createParsePool({ size: 1 });
    try {
      // Small Buffers share one pooled ArrayBuffer; transferring that would empty unrelated Buffers.
      const raw = message('pooled', 'hello');
      const neighbour = Buffer.from('neighbour');
      const copy = Buffer.from(raw);
      await pool.parse(raw);
      expect(raw.equals(copy)).toBe(true);
      expect(neighbour.toString()).toBe('neighbour');
    } finally {
      await pool.close();
    }
  });

  it('kills a worker past the timeout, keeps the headers, and carries on with a new worker', async () => {
    const pool = createParsePool({ size: 1, timeoutMs: 100 });
    try {
      const slow = await pool.parse(slowMessage());
      expect(slow).toMatchObject({
        damaged: 'timeout',
        subject: 'slow one',
        messageId: '<big@example.test>',
        attachments: [],
      });
      expect(slow.from).toEqual({ name: 'Pat', address: 'pat@example.test' });
      const next = await pool.parse(message('after the timeout', 'still here'));
      expect(next).toMatchObject({ damaged: null, snippet: 'still here' });
    } finally {
      await pool.close();
    }
  });

  it('survives a worker running out of memory', async () => {
    const pool = createParsePool({ size: 1, maxOldGenerationSizeMb: 64, timeoutMs: 30_000 });
    try {
      // 20 MB of text needs several times that in heap once decoded and joined.
      const huge = await pool.parse(message('huge', 'lorem ipsum dolor sit amet consectetur\r\n'.repeat(512 * 1024)));
      expect(huge.damaged).toMatch(/^worker crashed: .*memory/);
      expect(huge.subject).toBe('huge');
      const next = await pool.parse(message('after the crash', 'fine'));
      expect(next).toMatchObject({ damaged: null, subject: 'after the crash' });
    } finally {
      await pool.close();
    }
  });

  it('keeps only the headers of a message over maxMessageBytes', async () => {
    const pool = createParsePool({ maxMessageBytes: 1000 });
    try {
      const result = await pool.parse(message('too big', 'x'.repeat(2000)));
      expect(result).toMatchObject({ damaged: 'too large', subject: 'too big', text: null });
    } finally {
      await pool.close();
    }
  });

  it('builds messages from fetched header and text sections in a worker, and bounds their size too', async () => {
    const pool = createParsePool({ size: 1, maxMessageBytes: 10_000 });
    try {
      const header = Buffer.from([...HEAD, 'Subject: from parts', '', ''].join('\r\n'));
      const plan = {
        texts: [
          { section: '1', kind: 'plain' as const, encoding: 'base64', charset: 'utf-8', flowed: false, delSp: false },
        ],
        attachments: [],
      };
      const parsed = await pool.parseParts({
        header,
        plan,
        sections: [['1', Buffer.from(Buffer.from('Grüße aus dem Worker').toString('base64'))]],
      });
      expect(pool.mode).toBe('workers');
      expect(parsed).toMatchObject({ subject: 'from parts', damaged: null });
      // The bodies come back from a worker as UTF-8 bytes, ready for PostgreSQL (parse-worker.ts).
      expect(parsed.text).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(parsed.text as Uint8Array).toString('utf8')).toBe('Grüße aus dem Worker');
      expect(parsed.searchVector).toContain("'worker':");
      const big = await pool.parseParts({ header, plan, sections: [['1', Buffer.alloc(20_000, 65)]] });
      expect(big).toMatchObject({ subject: 'from parts', text: null, damaged: 'too large' });
    } finally {
      await pool.close();
    }
  });

  it('parses on the calling thread when asked to', async () => {
    const pool = createParsePool({ inProcess: true });
    expect(pool.mode).toBe('in-process');
    await expect(pool.parse(message('here', 'in process'))).resolves.toMatchObject({ subject: 'here', damaged: null });
    await pool.close();
  });

  it('refuses work once closed', async () => {
    const pool = createParsePool();
    await pool.close();
    const error = await pool.parse(message('late', 'x')).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('unavailable');
  });
});
