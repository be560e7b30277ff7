import type PgBoss from 'pg-boss';
import { getDb } from '@/db/client';
import { disconnectDepartedOwnerMailboxes } from '../mail/mailboxes/disconnect-departed-owner-mailboxes';
import { runMailboxSyncJob } from '../mail/sync/run-sync-job';
import { scheduleDueSyncs, type ScheduledSync } from '../mail/sync/schedule-due-syncs';
import { expireTrials } from '../plans/expire-trials';
import { deleteUnlinkedMessages } from '../retention/delete-unlinked-messages';

type JobDefinition<Data> = {
  run: (data: Data) => Promise<unknown>;
  queue: Omit<PgBoss.Queue, 'name'>;
  /** Cron expression (UTC) for jobs that run on a schedule. */
  cron?: string;
};

// Every background job of Mailroom, with its queue policy. Handlers are thin: they call one lib operation.
export const jobDefinitions = {
  'plans-expire-trials': {
    run: async () => expireTrials(getDb()),
    queue: { policy: 'singleton', retryLimit: 3, retryBackoff: true, expireInSeconds: 3600 },
    cron: '20 3 * * *',
  } satisfies JobDefinition<Record<string, never>>,
  'mailboxes-disconnect-departed-owners': {
    // Hourly: a departed employee's mailbox stops within the hour after its 30 days end.
    run: async () => disconnectDepartedOwnerMailboxes(getDb()),
    queue: { policy: 'singleton', retryLimit: 3, retryBackoff: true, expireInSeconds: 600 },
    cron: '15 * * * *',
  } satisfies JobDefinition<Record<string, never>>,
  'mail-sync-mailbox': {
    run: async (data: { mailboxId: string }) => runMailboxSyncJob(getDb(), data),
    // One waiting and one running job per mailbox (singletonKey = mailbox id); retries back off up to ~16 min.
    queue: { policy: 'stately', retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 },
  } satisfies JobDefinition<{ mailboxId: string }>,
  'mail-sync-scheduler': {
    // Return type spelled out: it enqueues jobs of this same table, which TypeScript cannot infer through.
    run: async (): Promise<ScheduledSync[]> => {
      const { enqueueJob } = await import('./boss');
      return scheduleDueSyncs(getDb(), { enqueue: (mailboxId): Promise<unknown> => enqueueJob('mail-sync-mailbox', { mailboxId }, { singletonKey: mailboxId }) });
    },
    queue: { policy: 'singleton', retryLimit: 0, expireInSeconds: 120 },
    cron: '* * * * *',
  } satisfies JobDefinition<Record<string, never>>,
  'plans-delete-unlinked-messages': {
    run: async (data: { orgId: string }) => deleteUnlinkedMessages(getDb(), { orgId: data.orgId }),
    queue: { policy: 'standard', retryLimit: 5, retryBackoff: true, expireInSeconds: 3600 },
  } satisfies JobDefinition<{ orgId: string }>,
};

export type JobName = keyof typeof jobDefinitions;
export type JobData<Name extends JobName> = Parameters<(typeof jobDefinitions)[Name]['run']>[0];
