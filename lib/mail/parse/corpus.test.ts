import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, corpusMessages } from '@/test/fixtures/mime/corpus-messages';
import { MAX_HEADER_VALUE, MAX_HEADERS, MAX_SUBJECT } from './header-fields';
import { createParsePool, type ParsePool } from './parse-pool';
import { SNIPPET_LENGTH } from './snippet';
import type { ParsedAddress, StorableMessage } from './types';

// Every message of the third-party corpus (test/fixtures/mime) through the worker pool, as the sync engine
// will run it: none may throw, hang past the pool's timeout, or come back with an unbounded or ill-typed field.
const TIMEOUT_MS = 5_000;
const messages = corpusMessages();

// Messages the parser gives up on, with why. Empty today: mailparser reads every one of them, at least
// partially. A change here means the parser's behaviour changed; look before updating the list.
const EXPECTED_DAMAGED: Array<[string, string]> = [];

describe('MIME corpus through the parse pool', () => {
  let pool: ParsePool;
  const damaged: Array<[string, string]> = [];

  beforeAll(() => {
    pool = createParsePool({ timeoutMs: TIMEOUT_MS });
  });
  afterAll(() => pool.close());

  it('reads all 394 files (mbox files split into their messages)', () => {
    expect(new Set(messages.map((m) => m.name.replace(/#\d+$/, ''))).size).toBe(394);
    expect(messages.length).toBeGreaterThan(394);
  });

  it.each(messages.map((m) => [m.name, m.raw] as const))('%s', async (name, raw) => {
    const started = performance.now();
    const message = await pool.parse(raw);
    // Generous: the first message also waits for the worker to start.
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 5_000);
    expectSane(message);
    if (message.damaged) damaged.push([name, message.damaged]);
  });

  it('parsed in worker threads, and damaged only the known messages', () => {
    expect(pool.mode).toBe('workers');
    expect(damaged).toEqual(EXPECTED_DAMAGED);
  });

  it('times out on a message the worker takes too long for, keeps its headers, and recovers', async () => {
    const slowPool = createParsePool({ size: 1, timeoutMs: 1 });
    try {
      // 570 KB of nested HTML; a few milliseconds of work, far more than 1 ms.
      const message = await slowPool.parse(corpusFile('nodemailer-mailparser/htmllargecallstack.eml'));
      expect(message).toMatchObject({ damaged: 'timeout', subject: 'Kill the HTML parser', html: null, text: null });
      expect(message.from?.address).toBe('test@example.com');
    } finally {
      await slowPool.close();
    }
    const after = await pool.parse(corpusFile('php-mime-mail-parser/m0124'));
    expect(after).toMatchObject({ damaged: null, subject: '1234 / 1234' });
  });
});

function expectSane(message: StorableMessage): void {
  expect(typeof message.subject).toBe('string');
  expect(message.subject.length).toBeLessThanOrEqual(MAX_SUBJECT);
  expect(message.snippet.length).toBeLessThanOrEqual(SNIPPET_LENGTH);
  expect(message.snippet).toBe(message.snippet.trim());
  expect(message.snippet).not.toMatch(/\s\s/);
  expect(message.headers.length).toBeLessThanOrEqual(MAX_HEADERS);
  for (const [name, value] of message.headers) {
    expect(name).toBe(name.toLowerCase());
    expect(value.length).toBeLessThanOrEqual(MAX_HEADER_VALUE);
    expect(value).not.toMatch(/[\r\n\0]/);
  }
  for (const address of [message.from, ...message.to, ...message.cc, ...message.replyTo]) {
    if (address !== null) expectAddress(address);
  }
  expect(message.date === null || !Number.isNaN(message.date.getTime())).toBe(true);
  for (const id of [message.messageId, message.inReplyTo, ...message.references]) {
    if (id !== null) expect(id).toMatch(/^<[^<>\s]+>$/);
  }
  for (const body of [message.text, message.html]) {
    if (body !== null) {
      // A parse worker hands the bodies back as UTF-8 bytes (parse-worker.ts).
      const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain('\0');
    }
  }
  for (const attachment of message.attachments) {
    expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Number.isInteger(attachment.size) && attachment.size >= 0).toBe(true);
    expect(typeof attachment.contentType).toBe('string');
    expect(attachment.inline && attachment.contentId === null).toBe(false);
  }
  expect(message.damaged === null || typeof message.damaged === 'string').toBe(true);
}

function expectAddress(address: ParsedAddress): void {
  expect(typeof address.name).toBe('string');
  expect(typeof address.address).toBe('string');
  expect(address.name + address.address).not.toMatch(/[\r\n\0]/);
}
