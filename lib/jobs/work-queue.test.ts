import { afterAll, describe, expect, it, vi } from 'vitest';
import { createIsolatedDatabase } from '@/test/database';
import { openBoss } from './boss';
import { workQueue } from './work-queue';

// pg-boss's own database: its queues are instance-wide, and other files run workers on the shared one.
let database: Awaited<ReturnType<typeof createIsolatedDatabase>> | undefined;
afterAll(async () => database?.drop());

describe('workQueue', () => {
  it('runs waiting jobs back to back instead of one per polling interval', async () => {
    database = await createIsolatedDatabase();
    const { boss, stop } = await openBoss({
      connectionString: database.url,
      log: () => {},
      settings: { schedule: false, supervise: false },
    });
    try {
      await boss.createQueue('probe-backlog', { name: 'probe-backlog' });
      for (let i = 0; i < 3; i++) await boss.send('probe-backlog', { i });
      const ran: number[] = [];
      // A 60 s interval: plain boss.work would run the first job, then wait a minute before the second.
      await workQueue<{ i: number }>(boss, 'probe-backlog', { pollingIntervalSeconds: 60 }, async ([job]) => {
        ran.push(job!.data.i);
      });
      await vi.waitFor(() => expect(ran).toHaveLength(3), { timeout: 15_000, interval: 100 });
      expect(ran.sort()).toEqual([0, 1, 2]);
    } finally {
      await stop();
    }
  });
});
