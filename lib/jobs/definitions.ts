import type PgBoss from 'pg-boss';
import { getDb } from '@/db/client';
import { mailDepartedOwnerNotices } from '../mail/mailboxes/departed-owner-notices';
import { disconnectDepartedOwnerMailboxes } from '../mail/mailboxes/disconnect-departed-owner-mailboxes';
import { runMailboxSyncJob } from '../mail/sync/run-sync-job';
import { scheduleDueSyncs, type ScheduledSync } from '../mail/sync/schedule-due-syncs';
import { expireStaleSending } from '../mail/send/expire-stale-sending';
import { purgeMailEvents } from '../live/purge-mail-events';
import { expireTrials } from '../plans/expire-trials';
import { deleteUnlinkedMessages } from '../retention/delete-unlinked-messages';

export type JobDefinition<Data> = {
  run: (data: Data) => Promise<unknown>;
  /** Created, or updated when it changed, at start (lib/jobs/boss.ts). */
  queue: Omit<PgBoss.Queue, 'name'>;
  /** Cron expression (UTC) for jobs that run on a schedule. */
  cron?: string;
  /** The job's singletonKey when the sender names none: what the queue policy counts per key. */
  singletonKey?: (data: Data) => string;
  /** Jobs of this queue one process runs at the same time (default 1). */
  concurrency?: number;
};

/** Mailbox syncs one worker process runs at once (MAILROOM_SYNC_CONCURRENCY, default 2). */
export function syncConcurrency(): number {
  const value = Number(process.env.MAILROOM_SYNC_CONCURRENCY ?? 2);
  return Number.isInteger(value) && value >= 1 ? value : 2;
}

// Every background job of Mailroom, with its queue policy. Handlers are thin: they call one lib operation.
//
// pg-boss 10 queue policies and what they do with singletonKey (unique indexes in pg-boss src/plans.js):
// 'standard' nothing; 'short' at most one job per key waiting (state created); 'singleton' at most one per key
// active; 'stately' at most one per key in each of created, retry and active. 'singleton' and 'stately' enforce
// "one active" only through that index when fetch moves a job to active: if the oldest waiting job's key already
// has an active job, the fetch statement violates the index, rolls back, and pg-boss swallows the error
// (manager.js fetch), so every worker of the queue fetches nothing, each poll, until that active job ends or
// expires. Long jobs (or one left active by a killed process) with a per-key singleton must not use them.
export const jobDefinitions = {
  'plans-expire-trials': {
    run: async () => expireTrials(getDb()),
    queue: { policy: 'singleton', retryLimit: 3, retryBackoff: true, expireInSeconds: 3600 },
    cron: '20 3 * * *',
  } satisfies JobDefinition<Record<string, never>>,
  'mailboxes-disconnect-departed-owners': {
    // Hourly: a departed employee's mailbox stops within the hour after its 30 days end.
    // The admins are told by mail (with SYSTEM_SMTP_URL) first, once per departure.
    run: async () => {
      await mailDepartedOwnerNotices(getDb());
      return disconnectDepartedOwnerMailboxes(getDb());
    },
    queue: { policy: 'singleton', retryLimit: 3, retryBackoff: true, expireInSeconds: 600 },
    cron: '15 * * * *',
  } satisfies JobDefinition<Record<string, never>>,
  'mail-sync-mailbox': {
    run: async (data: { mailboxId: string }) => runMailboxSyncJob(getDb(), data),
    // 'short', one waiting job per mailbox (singletonKey = mailbox id): clicks and scheduler ticks do not pile
    // up. Never two syncs of one mailbox at once is the mailbox's advisory lock (mailbox-sync-lock.ts), held
    // across processes and dropped by PostgreSQL when a process dies: a second job finds it taken and ends
    // 'skipped'. The queue must not enforce it too (see above): a sync runs minutes, and a killed worker
    // leaves its job active for expireInSeconds. A killed sync's mailbox is resynced by the scheduler (its
    // tick finds the mailbox marked syncing with nobody holding the lock), not by this expiry: pg-boss 10 has
    // no heartbeat, and a shorter expiry would abandon long imports that are still running. That tick also
    // completes the dead job (end-interrupted-sync-jobs.ts), so the expiry never runs it a second time.
    // Retries back off up to ~16 min.
    queue: { policy: 'short', retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 },
    singletonKey: (data: { mailboxId: string }) => data.mailboxId,
    // More than one: a long import (or the resync of a killed one) must not hold up every other mailbox.
    concurrency: syncConcurrency(),
  } satisfies JobDefinition<{ mailboxId: string }>,
  'mail-sync-scheduler': {
    // Return type spelled out: it enqueues jobs of this same table, which TypeScript cannot infer through.
    run: async (): Promise<ScheduledSync[]> => {
      const { enqueueJob, getBoss } = await import('./boss');
      const { endInterruptedSyncJobs } = await import('./end-interrupted-sync-jobs');
      return scheduleDueSyncs(getDb(), {
        enqueue: (mailboxId): Promise<unknown> => enqueueJob('mail-sync-mailbox', { mailboxId }),
        // The dead process's job would otherwise run again when it expires, an hour later. A failure here must
        // not cost the tick its enqueues: the job then only expires as before.
        onInterrupted: async (syncs): Promise<unknown> =>
          endInterruptedSyncJobs(getDb(), await getBoss(), syncs).catch((error: unknown) =>
            process.stderr.write(
              `[jobs] could not complete the jobs of interrupted syncs: ${error instanceof Error ? error.message : String(error)}\n`,
            ),
          ),
      });
    },
    // 'standard': pg-boss's cron sends one tick per minute already, and two ticks at once would only enqueue
    // the same mailboxes twice (deduplicated above). 'singleton' would stop every later tick behind one left
    // active by a killed process, until it expired.
    queue: { policy: 'standard', retryLimit: 0, expireInSeconds: 120 },
    cron: '* * * * *',
  } satisfies JobDefinition<Record<string, never>>,
  'plans-delete-unlinked-messages': {
    run: async (data: { orgId: string }) => deleteUnlinkedMessages(getDb(), { orgId: data.orgId }),
    queue: { policy: 'standard', retryLimit: 5, retryBackoff: true, expireInSeconds: 3600 },
  } satisfies JobDefinition<{ orgId: string }>,
  'mail-outbox-expire-stale-sending': {
    // A message left "sending" by a process that died becomes "delivery unknown" within a few minutes of
    // the bound (never resent: the recipient may have it). Two sweeps at once change each row once.
    run: async () => expireStaleSending(getDb()),
    queue: { policy: 'standard', retryLimit: 0, expireInSeconds: 120 },
    cron: '*/5 * * * *',
  } satisfies JobDefinition<Record<string, never>>,
  'mail-events-purge': {
    // Live mail events are kept a day for tabs that reconnect (lib/live/replay-mail-events.ts); hourly.
    run: async () => purgeMailEvents(getDb()),
    queue: { policy: 'standard', retryLimit: 0, expireInSeconds: 600 },
    cron: '40 * * * *',
  } satisfies JobDefinition<Record<string, never>>,
};

export type JobName = keyof typeof jobDefinitions;
export type JobData<Name extends JobName> = Parameters<(typeof jobDefinitions)[Name]['run']>[0];
