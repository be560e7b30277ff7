import type PgBoss from 'pg-boss';
import { getDb } from '@/db/client';
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
  'plans-delete-unlinked-messages': {
    run: async (data: { orgId: string }) => deleteUnlinkedMessages(getDb(), { orgId: data.orgId }),
    queue: { policy: 'standard', retryLimit: 5, retryBackoff: true, expireInSeconds: 3600 },
  } satisfies JobDefinition<{ orgId: string }>,
};

export type JobName = keyof typeof jobDefinitions;
export type JobData<Name extends JobName> = Parameters<(typeof jobDefinitions)[Name]['run']>[0];
