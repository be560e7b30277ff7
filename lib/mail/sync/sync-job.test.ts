import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxes, messages } from '@/db/schema';
import { enqueueJob, stopBoss } from '@/lib/jobs/boss';
import { startWorkers } from '@/lib/jobs/start-workers';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import { cliActor } from '../../access/actor';
import { requestMailboxSync } from './request-mailbox-sync';

const servers = useMailServers();
afterAll(() => stopBoss());

describe('sync as a background job', () => {
  it('a Sync request runs the job: messages arrive and become searchable', async () => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    await box.seed('INBOX', [{ subject: 'Zephyrquux figures' }, { subject: 'Lunch' }]);
    await startWorkers({ pollingIntervalSeconds: 0.5 });
    const mailboxId = await requestMailboxSync(getDb(), { mailboxId: box.mailbox.id, actor: cliActor });
    await enqueueJob('mail-sync-mailbox', { mailboxId }, { singletonKey: mailboxId });

    await expect
      .poll(async () => (await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailboxId)))[0]!.lastSyncAt, {
        timeout: 20_000,
      })
      .not.toBeNull();
    await expect
      .poll(
        async () => {
          const found = await getDb()
            .select({ subject: messages.subject })
            .from(messages)
            .where(
              and(
                eq(messages.mailboxId, mailboxId),
                sql`${messages.searchVector} @@ plainto_tsquery('simple', 'zephyrquux')`,
              ),
            );
          return found.map((m) => m.subject);
        },
        { timeout: 20_000 },
      )
      .toEqual(['Zephyrquux figures']);
  });
});
