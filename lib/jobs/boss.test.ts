import PgBoss from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '@/test/database';
import { enqueueJob, getBoss, openBoss, stopBoss } from './boss';

// pg-boss's own database per test: its queues are instance-wide, and other files run workers on the shared one.
const databases: Array<Awaited<ReturnType<typeof createIsolatedDatabase>>> = [];
async function database() {
  const created = await createIsolatedDatabase();
  databases.push(created);
  return created;
}
// No cron and no maintenance: these tests drive the queue by hand.
const quiet = { schedule: false, supervise: false };

afterAll(async () => {
  await stopBoss();
  for (const created of databases) await created.drop();
});

describe('the job queues', () => {
  it('logs a fetch that fails, with its queue, which pg-boss itself swallows', async () => {
    const { url } = await database();
    const lines: string[] = [];
    const { boss, stop } = await openBoss({ connectionString: url, log: (line) => lines.push(line), settings: quiet });
    try {
      await boss.createQueue('probe-stately', { name: 'probe-stately', policy: 'stately' });
      await boss.send('probe-stately', {}, { singletonKey: 'k' });
      // Active and never completed: what a worker killed in the middle of the job leaves.
      expect(await boss.fetch('probe-stately')).toHaveLength(1);
      await boss.send('probe-stately', {}, { singletonKey: 'k' });
      await boss.send('probe-stately', {}, { singletonKey: 'another' });
      // Moving the waiting 'k' to active violates the stately index: the whole queue fetches nothing.
      expect(await boss.fetch('probe-stately')).toEqual([]);
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^\[jobs\] fetch failed \(queue probe-stately\): duplicate key value violates unique constraint/,
        ),
      );
      // The same failure at every poll is written once a minute, not every 2 s.
      expect(await boss.fetch('probe-stately')).toEqual([]);
      expect(lines.filter((line) => line.includes('fetch failed'))).toHaveLength(1);
    } finally {
      await stop();
    }
  });

  it('brings the sync queue of an older version up to date: a mailbox job left active no longer holds up the others', async () => {
    const { url } = await database();
    // The queue as the previous version created it, with a job of mailbox "a" active in a killed process and
    // a Sync click on "a" waiting behind it, then one of mailbox "b".
    const old = new PgBoss({ connectionString: url, schema: 'pgboss', ...quiet });
    await old.start();
    await old.createQueue('mail-sync-mailbox', {
      name: 'mail-sync-mailbox',
      policy: 'stately',
      retryLimit: 6,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: 3600,
    });
    await old.send('mail-sync-mailbox', { mailboxId: 'a' }, { singletonKey: 'a' });
    expect(await old.fetch('mail-sync-mailbox')).toHaveLength(1);
    await old.send('mail-sync-mailbox', { mailboxId: 'a' }, { singletonKey: 'a' });
    await old.send('mail-sync-mailbox', { mailboxId: 'b' }, { singletonKey: 'b' });
    expect(await old.fetch('mail-sync-mailbox')).toEqual([]);
    await old.stop({ graceful: false, wait: true });

    const lines: string[] = [];
    const { boss, stop } = await openBoss({ connectionString: url, log: (line) => lines.push(line), settings: quiet });
    try {
      expect(await boss.getQueue('mail-sync-mailbox')).toMatchObject({ policy: 'short', expireInSeconds: 3600 });
      const fetched = await boss.fetch<{ mailboxId: string }>('mail-sync-mailbox', { batchSize: 5 });
      expect(fetched.map((job) => job.data.mailboxId).sort()).toEqual(['a', 'b']);
      expect(lines.filter((line) => line.includes('failed'))).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('keeps one waiting sync per mailbox, keyed by the job data, next to the one running', async () => {
    const { url } = await database();
    process.env.DATABASE_URL = url;
    const first = await enqueueJob('mail-sync-mailbox', { mailboxId: 'a' });
    expect(first).toEqual(expect.any(String));
    expect(await enqueueJob('mail-sync-mailbox', { mailboxId: 'a' })).toBeNull();
    expect(await enqueueJob('mail-sync-mailbox', { mailboxId: 'b' })).toEqual(expect.any(String));

    const boss = await getBoss();
    const running = await boss.fetch<{ mailboxId: string }>('mail-sync-mailbox');
    expect(running.map((job) => job.id)).toEqual([first]);
    // While "a" runs, a click on it waits (the sync's lock, not the queue, keeps the two from running at once).
    const waiting = await enqueueJob('mail-sync-mailbox', { mailboxId: 'a' });
    expect(waiting).toEqual(expect.any(String));
    expect(await enqueueJob('mail-sync-mailbox', { mailboxId: 'a' })).toBeNull();
    const next = await boss.fetch<{ mailboxId: string }>('mail-sync-mailbox', { batchSize: 5 });
    expect(next.map((job) => job.data.mailboxId).sort()).toEqual(['a', 'b']);
  });
});
