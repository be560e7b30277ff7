import { getBoss } from './boss';
import { jobDefinitions, type JobName } from './definitions';

/** Runs every job's handler in this process and keeps the schedules in place (idempotent per process). */
export async function startWorkers(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getBoss();
  for (const name of Object.keys(jobDefinitions) as JobName[]) {
    const definition = jobDefinitions[name];
    await boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (batch) => {
      for (const job of batch) await (definition.run as (data: unknown) => Promise<unknown>)(job.data);
    });
    if ('cron' in definition) await boss.schedule(name, definition.cron, {}, { tz: 'UTC' });
  }
}
