import type PgBoss from 'pg-boss';

/**
 * boss.work(), except that a poller that just ran a job looks for the next one at once. pg-boss 10's poller
 * (src/worker.js) waits out the rest of its polling interval after every fetch, even one that found work: with
 * 2 s and jobs of 0.2 s a poller runs one job per 2 s while hundreds wait (bench:fleet, 1,000 first imports:
 * one sync a second per worker). Waking it after a job keeps it busy while the queue has work; an empty fetch
 * still waits the interval, so an idle queue costs what it did.
 */
export async function workQueue<Data>(
  boss: PgBoss,
  name: string,
  options: { pollingIntervalSeconds: number },
  handler: (batch: PgBoss.Job<Data>[]) => Promise<unknown>,
): Promise<string> {
  let workerId: string | undefined;
  workerId = await boss.work<Data>(name, options, async (batch) => {
    try {
      return await handler(batch);
    } finally {
      // notify() sets the flag the poller checks after this handler returns, so it skips its wait.
      if (workerId) boss.notifyWorker(workerId);
    }
  });
  return workerId;
}
