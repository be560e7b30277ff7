import pg from 'pg';
import PgBoss from 'pg-boss';
import { jobDefinitions, type JobData, type JobDefinition, type JobName } from './definitions';
import { withJobsStartLock } from './start-lock';

// pg-boss keeps its queues in the same PostgreSQL (schema "pgboss"), so more app servers and workers need no
// other infrastructure. One instance per process, shared by senders and workers.
export const BOSS_SCHEMA = 'pgboss';

export type JobsLog = (line: string) => void;
const stderrLog: JobsLog = (line) => process.stderr.write(`${line}\n`);

// pg-boss's own queue names besides ours (its cron hands due schedules to this queue, which inserts them).
const INTERNAL_QUEUES = ['__pgboss__send-it'];
// An error already written by the database wrapper below, so the 'error' event does not write it twice.
const LOGGED = Symbol.for('mailroom.jobs.logged');
const REPEAT_WINDOW_MS = 60_000;

export type JobsDb = PgBoss.Db & { end: () => Promise<void> };

/**
 * The connection pg-boss runs its statements on, a pool of our own so that every failing statement is logged
 * with its queue. pg-boss 10 swallows a failing fetch (src/manager.js `fetch()`: `catch (err) { // errors from
 * fetchquery should only be unique constraint violations }`), so a worker whose fetch fails polls an empty
 * result forever without a word; a cron insert that fails ends inside its internal job, and `complete`/`fail`
 * after a handler are not awaited. The same failure every poll is written once a minute, with a count.
 */
export function createJobsDb(connectionString: string, options: { log?: JobsLog; max?: number } = {}): JobsDb {
  const log = options.log ?? stderrLog;
  const pool = new pg.Pool({ connectionString, max: options.max ?? 4, application_name: 'mailroom-jobs' });
  // An idle connection lost (database restart) must not crash the process; the pool replaces it.
  pool.on('error', (error) => log(`[jobs] database connection lost: ${error.message}`));
  const lastLogged = new Map<string, { at: number; repeated: number }>();
  return {
    async executeSql(text: string, values?: unknown[]) {
      try {
        return await pool.query(text, values);
      } catch (error) {
        if (error instanceof Error && !isExpectedRace(text, error)) {
          const queues = queueNamesIn(values);
          const key = `${statementKind(text)} ${queues.join(',')} ${error.message}`;
          const now = Date.now();
          const previous = lastLogged.get(key);
          if (previous && now - previous.at < REPEAT_WINDOW_MS) {
            previous.repeated += 1;
          } else {
            const repeated = previous?.repeated ? ` (${previous.repeated} more times in the last minute)` : '';
            log(
              `[jobs] ${statementKind(text)} failed${queues.length ? ` (queue ${queues.join(', ')})` : ''}: ${error.message}${repeated}`,
            );
            lastLogged.set(key, { at: now, repeated: 0 });
          }
          Object.assign(error, { [LOGGED]: true });
        }
        throw error;
      }
    },
    end: () => pool.end(),
  };
}

function statementKind(text: string): string {
  // Matched on the statements of pg-boss 10 (src/plans.js); anything else is named by its first words.
  if (/WITH next as \(/i.test(text)) return 'fetch';
  if (/^\s*(INSERT INTO \w+\.job \(|WITH defaults as)/i.test(text)) return 'insert';
  if (/state = 'completed',/.test(text)) return 'complete';
  if (/WITH deleted_jobs AS/i.test(text)) return text.includes('started_on + expire_in') ? 'expire' : 'fail';
  return `statement "${text.replace(/\s+/g, ' ').trim().slice(0, 60)}"`;
}

function queueNamesIn(values: unknown[] | undefined): string[] {
  const known = new Set([...Object.keys(jobDefinitions), ...INTERNAL_QUEUES]);
  const names = new Set<string>();
  for (const value of values ?? []) {
    if (typeof value !== 'string') continue;
    if (known.has(value)) names.add(value);
    else if (value.startsWith('[')) {
      // insert() of many jobs (the cron) passes them as one JSON array.
      try {
        for (const job of JSON.parse(value) as Array<{ name?: unknown }>)
          if (typeof job?.name === 'string') names.add(job.name);
      } catch {
        // not JSON after all
      }
    }
  }
  // Our queue names are fixed; a test's own queue shows up as the first plain name among the values.
  if (names.size === 0 && typeof values?.[0] === 'string' && /^[\w-]+$/.test(values[0])) names.add(values[0]);
  return [...names];
}

// Two processes starting on a new database race to create or migrate pg-boss's schema; pg-boss expects the
// loser's error (src/contractor.js) and carries on.
function isExpectedRace(text: string, error: Error): boolean {
  return (
    error.message.includes('division by zero') ||
    (/CREATE TYPE/i.test(text) && error.message.includes('already exists'))
  );
}

export type OpenBossOptions = {
  connectionString?: string;
  log?: JobsLog;
  /** pg-boss settings over ours (tests). */
  settings?: Omit<PgBoss.ConstructorOptions, 'db' | 'connectionString'>;
};

export type OpenBoss = { boss: PgBoss; stop: () => Promise<void> };

/** A started pg-boss on its own pool, with every queue of `jobDefinitions` created or brought up to date. */
export async function openBoss(options: OpenBossOptions = {}): Promise<OpenBoss> {
  const connectionString = options.connectionString ?? process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set; background jobs need the database.');
  const log = options.log ?? stderrLog;
  const db = createJobsDb(connectionString, { log });
  // Cron schedules (the sync scheduler's minute) are looked at every 5 s and handed to their queue within 2 s,
  // not pg-boss's default 30 s and 5 s: the scheduler's tick starts at most ~10 s into its minute, so a mailbox
  // whose sync died is enqueued again within ~70 s. Each is one small query, shared by all processes.
  const boss = new PgBoss({
    db,
    schema: BOSS_SCHEMA,
    cronMonitorIntervalSeconds: 5,
    cronWorkerIntervalSeconds: 2,
    ...options.settings,
  });
  boss.on('error', (error: unknown) => {
    if (error && typeof error === 'object' && LOGGED in error) return;
    log(
      `[jobs] ${error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String(error.message) : String(error)}`,
    );
  });
  try {
    await withJobsStartLock(connectionString, async () => {
      await boss.start();
      for (const [name, definition] of Object.entries(jobDefinitions) as Array<[string, JobDefinition<never>]>) {
        await reconcileQueue(boss, db, name, definition.queue, log);
      }
    });
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await db.end().catch(() => undefined);
    throw error;
  }
  return {
    boss,
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await db.end();
    },
  };
}

/**
 * Creates the queue, or updates it when its definition changed: `createQueue` alone never touches an existing
 * queue, so a changed policy would never reach a database created by an older version. Jobs carry the policy
 * they were sent under, so unfinished ones take the new policy too (a job left active by a killed process
 * under 'stately' would otherwise keep blocking its queue until it expires).
 */
async function reconcileQueue(
  boss: PgBoss,
  db: PgBoss.Db,
  name: string,
  queue: JobDefinition<never>['queue'],
  log: JobsLog,
): Promise<void> {
  const existing = await boss.getQueue(name);
  if (!existing) {
    await boss.createQueue(name, { name, ...queue });
    return;
  }
  const changed = (Object.keys(queue) as Array<keyof typeof queue>).some((key) => existing[key] !== queue[key]);
  if (!changed) return;
  await boss.updateQueue(name, { name, ...queue });
  if (queue.policy && existing.policy !== queue.policy) {
    await db
      .executeSql(
        `update ${BOSS_SCHEMA}.job set policy = $2 where name = $1 and state < 'completed' and policy is distinct from $2`,
        [name, queue.policy],
      )
      .catch((error: unknown) =>
        log(
          `[jobs] queue ${name}: unfinished jobs keep policy ${existing.policy} until they end: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }
  log(`[jobs] queue ${name} updated to ${JSON.stringify(queue)}`);
}

const globalForBoss = globalThis as unknown as { mailroomJobs?: Promise<OpenBoss> };

function openShared(): Promise<OpenBoss> {
  globalForBoss.mailroomJobs ??= openBoss().catch((error) => {
    globalForBoss.mailroomJobs = undefined;
    throw error;
  });
  return globalForBoss.mailroomJobs;
}

export async function getBoss(): Promise<PgBoss> {
  return (await openShared()).boss;
}

export async function stopBoss(): Promise<void> {
  const opened = globalForBoss.mailroomJobs;
  globalForBoss.mailroomJobs = undefined;
  await (await opened)?.stop();
}

/** Sends a job; a queue with a singleton key per job (see definitions) gets it without the caller naming it. */
export async function enqueueJob<Name extends JobName>(
  name: Name,
  data: JobData<Name>,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const definition = jobDefinitions[name] as JobDefinition<JobData<Name>>;
  const singletonKey = options.singletonKey ?? definition.singletonKey?.(data);
  return (await getBoss()).send(
    name,
    data as object,
    singletonKey === undefined ? options : { ...options, singletonKey },
  );
}
