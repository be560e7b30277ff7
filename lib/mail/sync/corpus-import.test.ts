import { and, count, eq, isNotNull } from 'drizzle-orm';
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
  });
});
