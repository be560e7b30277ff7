import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createDb } from '@/db/client';
import { createIsolatedDatabase } from '@/test/database';
import { openBoss } from './boss';
import { endInterruptedSyncJobs } from './end-interrupted-sync-jobs';

// pg-boss on a database of its own, driven by hand (no workers, no cron, no maintenance).
let database: Awaited<ReturnType<typeof createIsolatedDatabase>> | undefined;
afterAll(async () => {
  await database?.drop();
});

it("completes only the active jobs of the interrupted mailboxes that were fetched before their sync's start", async () => {
  database = await createIsolatedDatabase();
  const { db, pool } = createDb(database.url);
  const { boss, stop } = await openBoss({
    connectionString: database.url,
    log: () => undefined,
    settings: { schedule: false, supervise: false },
  });
  try {
    const queue = 'mail-sync-mailbox';
    const [dead, other, unstamped] = [randomUUID(), randomUUID(), randomUUID()];
    const activeJob = async (mailboxId: string, startedSecondsAgo: number) => {
      const id = await boss.send(queue, { mailboxId }, { singletonKey: mailboxId });
      const [job] = await boss.fetch<{ mailboxId: string }>(queue);
      expect(job?.id).toBe(id);
      await pool.query(`update pgboss.job set started_on = now() - make_interval(secs => $2) where id = $1`, [
        id,
        startedSecondsAgo,
      ]);
      return id!;
    };
    // The dead sync of `dead` stamped its start 30 s ago, in the job fetched 31 s ago; a job of `dead` fetched
    // 10 s ago is a live one about to sync. `other` was not interrupted; `unstamped` has no sync start on record.
    const deadJob = await activeJob(dead, 31);
    const laterJob = await activeJob(dead, 10);
    const otherJob = await activeJob(other, 60);
    const unstampedJob = await activeJob(unstamped, 5);
    const syncStartedAt = new Date(Date.now() - 30_000);

    const ended = await endInterruptedSyncJobs(db, boss, [
      { mailboxId: dead, syncStartedAt },
      { mailboxId: unstamped, syncStartedAt: null },
    ]);
    expect(ended.sort()).toEqual([deadJob, unstampedJob].sort());
    const { rows } = await pool.query<{ id: string; state: string; output: Record<string, unknown> | null }>(
      `select id, state, output from pgboss.job where name = $1`,
      [queue],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(deadJob)).toMatchObject({ state: 'completed', output: { mailboxId: dead, status: 'interrupted' } });
    expect(byId.get(unstampedJob)).toMatchObject({
      state: 'completed',
      output: { mailboxId: unstamped, status: 'interrupted' },
    });
    expect(byId.get(laterJob)?.state).toBe('active');
    expect(byId.get(otherJob)?.state).toBe('active');
    // Nothing to do, nothing done; and the same call again finds nothing left.
    expect(await endInterruptedSyncJobs(db, boss, [])).toEqual([]);
    expect(await endInterruptedSyncJobs(db, boss, [{ mailboxId: dead, syncStartedAt }])).toEqual([]);
  } finally {
    await stop();
    await pool.end();
  }
});
