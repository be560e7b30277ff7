import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { mailboxes, messages } from '@/db/schema';
import { enqueueJob, stopBoss } from '@/lib/jobs/boss';
import { startWorkers } from '@/lib/jobs/start-workers';
import { createTestUser } from '@/test/factories';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { grantMailboxAccess } from '../mailboxes/grant-mailbox-access';
import { getMailboxSyncProgress, syncProgressOf } from './mailbox-sync-progress';
import { requestMailboxSync } from './request-mailbox-sync';

const servers = useMailServers();
afterAll(() => stopBoss());

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

async function subjects(mailboxId: string): Promise<string[]> {
  const rows = await getDb()
    .select({ subject: messages.subject })
    .from(messages)
    .where(and(eq(messages.mailboxId, mailboxId)));
  return rows.map((r) => r.subject ?? '').sort();
}

describe('the progress of a Sync request', () => {
  it('is pending until a sync begun after the request has finished, then done with the new mail in', async () => {
    const db = getDb();
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const owner = asUser(box.user);
    await box.seed('INBOX', [{ subject: 'Before the click' }]);
    await startWorkers({ pollingIntervalSeconds: 0.5 });

    // What the route does: the request's server time, then the job.
    const first = new Date();
    await requestMailboxSync(db, { mailboxId: box.mailbox.id, actor: owner, now: first });
    expect(await getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since: first, actor: owner })).toEqual({
      state: 'pending',
      lastSyncAt: null,
    });
    await enqueueJob('mail-sync-mailbox', { mailboxId: box.mailbox.id }, { singletonKey: box.mailbox.id });
    await expect
      .poll(
        async () => (await getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since: first, actor: owner })).state,
        {
          timeout: 20_000,
        },
      )
      .toBe('done');
    expect(await subjects(box.mailbox.id)).toEqual(['Before the click']);

    // New mail arrives on the server; the earlier sync no longer counts for a new click.
    await box.seed('INBOX', [{ subject: 'After the click' }]);
    const second = new Date();
    await requestMailboxSync(db, { mailboxId: box.mailbox.id, actor: owner, now: second });
    expect((await getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since: second, actor: owner })).state).toBe(
      'pending',
    );
    await enqueueJob('mail-sync-mailbox', { mailboxId: box.mailbox.id }, { singletonKey: box.mailbox.id });
    await expect
      .poll(
        async () =>
          (await getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since: second, actor: owner })).state,
        {
          timeout: 20_000,
        },
      )
      .toBe('done');
    // "done" means the mail is there: the list refetched at that moment shows it.
    expect(await subjects(box.mailbox.id)).toEqual(['After the click', 'Before the click']);
    const progress = await getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since: second, actor: owner });
    expect(new Date(progress.lastSyncAt!).getTime()).toBeGreaterThanOrEqual(second.getTime());
  });

  it('is shown only to people who may read the mailbox', async () => {
    const db = getDb();
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const colleague = await createTestUser(db, { orgId: box.org.id });
    const admin = await createTestUser(db, { orgId: box.org.id, role: 'admin' });
    const reader = await createTestUser(db, { orgId: box.org.id });
    const outsider = await createTestUser(db, {
      orgId: (await connectedMailbox(servers.dovecot, servers.smtp)).org.id,
      role: 'admin',
    });
    await grantMailboxAccess(db, {
      actor: asUser(box.user),
      mailboxId: box.mailbox.id,
      userId: reader.id,
      level: 'read',
    });
    const since = new Date();

    // Admins manage every mailbox of their organization but read its mail (and its syncs) only with a grant:
    // they are told so; everyone else learns nothing, not even that it exists.
    for (const [actor, code] of [
      [asUser(colleague), 'not_found'],
      [asUser(outsider), 'not_found'],
      [asUser(admin), 'forbidden'],
    ] as const) {
      await expect(getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since, actor })).rejects.toMatchObject({
        code,
      });
    }
    await expect(
      getMailboxSyncProgress(db, { mailboxId: 'not-a-uuid', since, actor: asUser(reader) }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since, actor: asUser(reader) })).state).toBe(
      'pending',
    );
  });

  it('ends as failed when the mailbox cannot sync or the sync after the request failed', async () => {
    const db = getDb();
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const owner = asUser(box.user);
    const since = new Date();
    const progress = () => getMailboxSyncProgress(db, { mailboxId: box.mailbox.id, since, actor: owner });

    // An error left by an earlier sync is not this request's: its own job may still succeed.
    await db
      .update(mailboxes)
      .set({ syncState: 'error', lastErrorAt: new Date(since.getTime() - 60_000) })
      .where(eq(mailboxes.id, box.mailbox.id));
    expect((await progress()).state).toBe('pending');
    await db
      .update(mailboxes)
      .set({ lastErrorAt: new Date(since.getTime() + 1_000) })
      .where(eq(mailboxes.id, box.mailbox.id));
    expect((await progress()).state).toBe('failed');
    await db.update(mailboxes).set({ syncState: 'idle', requiresReauth: true }).where(eq(mailboxes.id, box.mailbox.id));
    expect((await progress()).state).toBe('failed');
  });

  it('counts only a sync that started at or after the request', () => {
    const since = new Date('2026-03-01T10:00:00.000Z');
    const mailbox = { status: 'active', requiresReauth: false, syncState: 'idle', lastErrorAt: null } as const;
    const at = (iso: string) => ({ ...mailbox, lastSyncAt: new Date(iso) });
    expect(syncProgressOf({ ...mailbox, lastSyncAt: null }, since).state).toBe('pending');
    expect(syncProgressOf(at('2026-03-01T09:59:59.999Z'), since).state).toBe('pending');
    expect(syncProgressOf(at('2026-03-01T10:00:00.000Z'), since).state).toBe('done');
    expect(syncProgressOf({ ...at('2026-03-01T09:00:00Z'), status: 'disabled' }, since).state).toBe('failed');
  });
});
