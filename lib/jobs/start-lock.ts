import pg from 'pg';

/**
 * Runs `fn` while no other process runs it on this database: a session advisory lock on a connection of its
 * own, dropped with that connection. pg-boss 10's create_queue (a partition table and its row) deadlocks when
 * two processes create the queues of a new database at once, and the process that lost failed to start:
 * `npm run worker` on two machines deployed together, or the web process next to a worker (bench:fleet).
 * Serialized, the second process finds every queue in place and changes nothing.
 */
export async function withJobsStartLock<T>(connectionString: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: 'mailroom-jobs-start' });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtextextended('mailroom.jobs.start', 0))`);
    return await fn();
  } finally {
    await client.end().catch(() => undefined);
  }
}
