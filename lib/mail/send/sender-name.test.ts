import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxAccess, mailboxes } from '@/db/schema';
import { createTestUser } from '@/test/factories';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { sendMessage } from './send-message';

const servers = useMailServers();

async function sendAndCapture(actor: Actor, mailboxId: string) {
  const subject = `Named ${randomBytes(4).toString('hex')}`;
  await sendMessage(getDb(), {
    actor,
    mailboxId,
    clientKey: randomUUID(),
    to: ['alice@example.test'],
    subject,
    html: '<p>Hi</p>',
  });
  const captured = await servers.smtp.waitForMessage((m) => m.raw.toString().includes(subject));
  return (await simpleParser(captured.raw)).from?.value;
}

describe('the sender name', () => {
  it('is the mailbox owner’s name until a sender name is set, then that name, whoever writes', async () => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const owner: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
    expect(box.mailbox.senderName ?? null).toBeNull();
    expect(await sendAndCapture(owner, box.mailbox.id)).toEqual([{ name: box.user.name, address: box.email }]);

    // A colleague writing from the mailbox still writes from its owner's address, under the owner's name.
    const colleague = await createTestUser(getDb(), { orgId: box.org.id });
    await getDb()
      .insert(mailboxAccess)
      .values({ orgId: box.org.id, mailboxId: box.mailbox.id, userId: colleague.id, level: 'send' });
    const asColleague: Actor = { kind: 'user', userId: colleague.id, orgId: box.org.id, role: 'employee' };
    expect(await sendAndCapture(asColleague, box.mailbox.id)).toEqual([{ name: box.user.name, address: box.email }]);

    await getDb().update(mailboxes).set({ senderName: 'ACME Sales' }).where(eq(mailboxes.id, box.mailbox.id));
    expect(await sendAndCapture(owner, box.mailbox.id)).toEqual([{ name: 'ACME Sales', address: box.email }]);
  });

  it('is the writer’s name for a mailbox that has no owner', async () => {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    await getDb().update(mailboxes).set({ ownerUserId: null }).where(eq(mailboxes.id, box.mailbox.id));
    const admin = await createTestUser(getDb(), { orgId: box.org.id, role: 'admin' });
    const actor: Actor = { kind: 'user', userId: admin.id, orgId: box.org.id, role: 'admin' };
    expect(await sendAndCapture(actor, box.mailbox.id)).toEqual([{ name: admin.name, address: box.email }]);
  });
});
