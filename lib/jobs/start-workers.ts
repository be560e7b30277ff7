import type PgBoss from 'pg-boss';
import { getBoss } from './boss';
import { jobDefinitions, type JobDefinition, type JobName } from './definitions';

const started = new WeakSet<PgBoss>();

/**
 * Runs every job's handler in this process and keeps the schedules in place (idempotent per process). Each
 * queue gets `concurrency` pollers (default 1), each running one job at a time; a poll every 2 s means a job
 * waits at most that long for a free poller.
 */
export async function startWorkers(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
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
      await boss.work(name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, handler);
    }
    if (definition.cron) await boss.schedule(name, definition.cron, {}, { tz: 'UTC' });
  }
}
