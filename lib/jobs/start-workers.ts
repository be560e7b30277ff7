import type PgBoss from 'pg-boss';
import { startLiveSync } from '../mail/live-sync/start-live-sync';
import { getBoss } from './boss';
import { jobDefinitions, type JobDefinition, type JobName } from './definitions';
import { workQueue } from './work-queue';

const started = new WeakSet<PgBoss>();

/**
 * Runs every job's handler in this process and keeps the schedules in place (idempotent per process). Each
 * queue gets `concurrency` pollers (default 1), each running one job at a time; a poller that found a job looks
 * again at once (work-queue.ts), and an idle one every 2 s, so a job waits at most that long for a free poller.
 * Live mail (IMAP IDLE for online readers, lib/mail/live-sync) starts with them, so it runs wherever workers
 * run: `npm run worker`, and the web process unless MAILROOM_WORKERS=off.
 */
export async function startWorkers(
  options: { pollingIntervalSeconds?: number; liveSync?: boolean } = {},
): Promise<void> {
  const boss = await getBoss();
  if (started.has(boss)) return;
  started.add(boss);
  for (const name of Object.keys(jobDefinitions) as JobName[]) {
    const definition = jobDefinitions[name] as JobDefinition<unknown>;
    const handler = async (batch: PgBoss.Job<unknown>[]) => {
      let result: unknown;
      for (const job of batch) {
        try {
          result = await definition.run(job.data);
        } catch (error) {
          // pg-boss records a failed job (and its retry) in its table only; say it where operators look.
          process.stderr.write(
            `[jobs] ${name} job ${job.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
          );
          throw error;
        }
      }
      // Kept as the job's output (a batch of one): a sync's report, what the scheduler enqueued.
      return batch.length === 1 ? result : undefined;
    };
    for (let poller = 0; poller < (definition.concurrency ?? 1); poller++) {
      await workQueue(boss, name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, handler);
    }
    if (definition.cron) await boss.schedule(name, definition.cron, {}, { tz: 'UTC' });
  }
  if (options.liveSync ?? liveSyncEnabled()) startLiveSync();
}

/**
 * MAILROOM_LIVE_SYNC=off turns live mail off (the SPEC §4 schedule alone then). Under Vitest it is off unless
 * asked for: test files share one database and start workers for their own jobs, and a supervisor would
 * sync other files' mailboxes under their feet.
 */
function liveSyncEnabled(): boolean {
  const setting = process.env.MAILROOM_LIVE_SYNC;
  return setting ? setting !== 'off' : !process.env.VITEST;
}
