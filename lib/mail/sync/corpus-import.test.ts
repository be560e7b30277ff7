import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { messages } from '@/db/schema';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { corpusMessages } from '@/test/fixtures/mime/corpus-messages';
import { connectedMailbox, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import { createParsePool, type ParsePool } from '../parse/parse-pool';
import { syncMailbox } from './sync-mailbox';

const servers = useMailServers();
let pool: ParsePool;
beforeAll(() => {
  pool = createParsePool();
});
afterAll(() => pool.close());

describe('the third-party MIME corpus through a real sync', () => {
  it('imports every message Dovecot accepts, without a crash or a hang, each one searchable', {
    timeout: 120_000,
  }, async () => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const corpus = corpusMessages();
    let appended = 0;
    // One APPEND per message: a message the server refuses must not take the others with it.
    for (const message of corpus) {
      try {
        appended += (
          await appendMessages({
            host: '127.0.0.1',
            port: servers.dovecot.imapPort,
            user: box.email,
            password: MAIL_PASSWORD,
            messages: [{ raw: message.raw }],
          })
        ).appended;
      } catch {
        // Refused by Dovecot (e.g. a fragment with NUL bytes): nothing to import.
      }
    }
    expect(appended).toBeGreaterThan(corpus.length * 0.9);

    const report = await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: pool });
    expect(report).toMatchObject({ status: 'synced', imported: appended });
    const [indexed] = await getDb()
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.mailboxId, box.mailbox.id), isNotNull(messages.searchVector)));
    expect(indexed!.n).toBe(appended);
    const again = await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: pool });
    expect(again).toMatchObject({ imported: 0, updated: 0, removed: 0 });

    // Sensible threads: every message has one, the corpus' one reply pair (RLUG list, Feb 2003) shares one,
    // its unrelated neighbours do not, and nothing collapses the corpus into a few huge conversations.
    const rows = await getDb()
      .select({ threadId: messages.threadId, messageIdHeader: messages.messageIdHeader })
      .from(messages)
      .where(eq(messages.mailboxId, box.mailbox.id));
    expect(rows.filter((r) => r.threadId === null)).toEqual([]);
    const threadOf = (id: string) => rows.find((r) => r.messageIdHeader === id)?.threadId;
    const parent = threadOf('<001401c2cec7$4eb5b460$941c10ac@ok6f6gr01ta4hv>');
    expect(parent).toBeDefined();
    expect(threadOf('<20030208014131.00fd30ce.teo.55@home.ro>')).toBe(parent);
    const neighbours = [
      '<3E43EB00.7040006@pcnet.ro>',
      '<20030207193601.2613a439.adrian@dtedu.net>',
      '<1044662313.5121.17.camel@snow.lsd.ro>',
    ];
    expect(new Set([parent, ...neighbours.map(threadOf)]).size).toBe(4);
    const sizes = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from messages where mailbox_id = ${box.mailbox.id} group by thread_id order by 1 desc`,
    );
    // 463 messages make 338 threads today; the largest (28) are test files sharing a subject ("test",
    // "Re: Test") or a reused Message-ID, which is what threading is meant to do with them.
    expect(sizes.rows.length).toBeGreaterThan(rows.length * 0.6);
    expect(sizes.rows[0]!.n).toBeLessThan(40);
  });
});
