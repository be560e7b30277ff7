import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailFolders, messages } from '@/db/schema';
import { linkTestMessage } from '@/test/factories';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import { inProcessParser } from '../mail/parse/parse-input';
import { syncMailbox } from '../mail/sync/sync-mailbox';
import { purgeOrganization } from './purge-organization';

const servers = useMailServers();
const DAY = 24 * 60 * 60 * 1000;

describe('retention purge against a real mail server', () => {
  it('removes only local copies: the server keeps every message, and no later sync imports them again', async () => {
    const { org, mailbox, seed, otherClient } = await connectedMailbox(servers.dovecot, servers.smtp, {
      plan: 'standard',
    });
    await seed('INBOX', [
      { subject: 'Old one', days: 6 },
      { subject: 'Old two', days: 5 },
      { subject: 'Recent, linked to a task', days: 2 },
    ]);
    await syncMailbox(getDb(), { mailboxId: mailbox.id, parser: inProcessParser });
    const local = await getDb().select().from(messages).where(eq(messages.mailboxId, mailbox.id));
    expect(local).toHaveLength(3);
    const linked = local.find((m) => m.subject === 'Recent, linked to a task')!;
    await linkTestMessage(getDb(), { orgId: org.id, messageId: linked.id, kind: 'task' });

    // 26.5 days later, standard's 30 days cut 3.5 days back from today: the two old ones are past it.
    const later = new Date(Date.now() + 26.5 * DAY);
    expect(await purgeOrganization(getDb(), { org, now: later })).toMatchObject({ deleted: 2, keptForTasks: 0 });

    const client = await otherClient();
    try {
      expect(await client.status('INBOX', { messages: true })).toMatchObject({ messages: 3 });
    } finally {
      await client.logout();
    }

    // An ordinary sync, then one that rebuilds the folder as after a UIDVALIDITY change: nothing comes back.
    await syncMailbox(getDb(), { mailboxId: mailbox.id, parser: inProcessParser });
    await getDb()
      .update(mailFolders)
      .set({ uidValidity: 1 })
      .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.path, 'INBOX')));
    await syncMailbox(getDb(), { mailboxId: mailbox.id, parser: inProcessParser });
    const after = await getDb()
      .select({ id: messages.id, subject: messages.subject })
      .from(messages)
      .where(eq(messages.mailboxId, mailbox.id));
    // The rebuild took the linked row over again (same id, so its task link holds).
    expect(after).toEqual([{ id: linked.id, subject: 'Recent, linked to a task' }]);
  });
});
