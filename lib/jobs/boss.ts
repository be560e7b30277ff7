import PgBoss from 'pg-boss';
import { jobDefinitions, type JobData, type JobName } from './definitions';

// pg-boss keeps its queues in the same PostgreSQL (schema "pgboss"), so more app servers and workers need no
// other infrastructure. One instance per process, shared by senders and workers.
const globalForBoss = globalThis as unknown as { mailroomBoss?: Promise<PgBoss> };

async function createBoss(): Promise<PgBoss> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set; background jobs need the database.');
  const boss = new PgBoss({ connectionString, schema: 'pgboss', application_name: 'mailroom-jobs', max: 4 });
  boss.on('error', (error) => process.stderr.write(`[jobs] ${error instanceof Error ? error.message : String(error)}\n`));
  await boss.start();
  for (const [name, definition] of Object.entries(jobDefinitions)) {
    await boss.createQueue(name, { name, ...definition.queue });
  }
  return boss;
}

export function getBoss(): Promise<PgBoss> {
  globalForBoss.mailroomBoss ??= createBoss().catch((error) => {
    globalForBoss.mailroomBoss = undefined;
    throw error;
  });
  return globalForBoss.mailroomBoss;
}

export async function stopBoss(): Promise<void> {
  const boss = globalForBoss.mailroomBoss;
  globalForBoss.mailroomBoss = undefined;
  await (await boss)?.stop({ graceful: true, wait: true, timeout: 10_000 });
}

export async function enqueueJob<Name extends JobName>(name: Name, data: JobData<Name>, options: PgBoss.SendOptions = {}): Promise<string | null> {
  return (await getBoss()).send(name, data as object, options);
}
