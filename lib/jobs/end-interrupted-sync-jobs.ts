import type PgBoss from 'pg-boss';
import type { Db } from '@/db/client';
import type { InterruptedSync } from '../mail/sync/schedule-due-syncs';
import { BOSS_SCHEMA } from './boss';

const QUEUE = 'mail-sync-mailbox';

/**
 * pg-boss 10 has no heartbeat: the job of a worker killed mid-sync stays 'active' until its expireInSeconds
 * (an hour), and is then retried, a second run of a sync the scheduler has long since redone. When the
 * scheduler finds a mailbox's sync dead (resetInterruptedSyncs) it resyncs the mailbox itself, so the dead
 * job is completed here, through pg-boss's own complete (which touches only jobs still active), with an
 * output that says what happened. Returns the jobs completed.
 *
 * Which jobs: the mailbox's active ones fetched before that sync stamped its start. The sync ran inside
 * one of them, and any other job of the mailbox fetched while it held the lock ended 'skipped' at once.
 * A job fetched later is a live one about to sync (the dead process's lock is gone), and is left alone.
 * The stamp is the worker's clock and started_on the database's, hence the second of slack.
 */
export async function endInterruptedSyncJobs(db: Db, boss: PgBoss, syncs: InterruptedSync[]): Promise<string[]> {
  if (syncs.length === 0) return [];
  const { rows } = await db.$client.query<{ id: string; mailbox_id: string }>(
    `select j.id, s.mailbox_id
     from ${BOSS_SCHEMA}.job j
     join unnest($2::text[], $3::timestamptz[]) as s(mailbox_id, sync_started_at) on j.data->>'mailboxId' = s.mailbox_id
     where j.name = $1 and j.state = 'active'
       and (s.sync_started_at is null or j.started_on <= s.sync_started_at + interval '1 second')`,
    [QUEUE, syncs.map((s) => s.mailboxId), syncs.map((s) => s.syncStartedAt)],
  );
  for (const { id, mailbox_id } of rows) {
    await boss.complete(QUEUE, id, {
      mailboxId: mailbox_id,
      status: 'interrupted',
      reason: 'its worker process ended during the sync; the scheduler syncs the mailbox again',
    });
    process.stderr.write(`[jobs] ${QUEUE} job ${id} (mailbox ${mailbox_id}): its process ended; completed\n`);
  }
  return rows.map((r) => r.id);
}
