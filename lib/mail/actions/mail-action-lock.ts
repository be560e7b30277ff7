import pg from 'pg';
import type { Db } from '@/db/client';
import { AppError } from '../../errors';

// hashtextextended(mailbox id, this) is the advisory lock of a mailbox's user actions (the sync's is 7270).
const ACTION_LOCK_SEED = 7275;
const WAIT_MS = 30_000;
const POLL_MS = 40;
// Mailboxes one process acts on at once; more wait their turn here.
const LOCK_CONNECTIONS = 4;

// One waiter per mailbox per process at a time, so a burst of requests waits here and not on pooled
// connections, which the action that holds the lock needs for its own queries.
const queues = new Map<string, Promise<unknown>>();

function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

// The locks' connections come from a small pool of their own: held from the main pool, ten actions on ten
// mailboxes would hold all its connections while each waits for one more for its own queries.
const lockPools = new WeakMap<pg.Pool, pg.Pool>();

function lockPool(db: Db): pg.Pool {
  const existing = lockPools.get(db.$client);
  if (existing) return existing;
  const { connectionString, host, port, user, password, database, ssl } = db.$client.options;
  const pool = new pg.Pool({
    connectionString,
    host,
    port,
    user,
    password,
    database,
    ssl,
    max: LOCK_CONNECTIONS,
    connectionTimeoutMillis: WAIT_MS,
    idleTimeoutMillis: 10_000,
    // Idle lock connections must not keep a CLI command or a test run alive.
    allowExitOnIdle: true,
    application_name: 'mailroom-action-lock',
  });
  pool.on('error', () => {});
  lockPools.set(db.$client, pool);
  return pool;
}

async function withAdvisoryLock<T>(db: Db, mailboxId: string, fn: () => Promise<T>): Promise<T> {
  const client = await lockPool(db).connect();
  try {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const { rows } = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, $2)) as ok',
        [mailboxId, ACTION_LOCK_SEED],
      );
      if (rows[0]?.ok) break;
      if (Date.now() > deadline) throw new AppError('conflict', { problem: { key: 'conversations.busy' } });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, $2))', [mailboxId, ACTION_LOCK_SEED]);
    }
  } finally {
    client.release();
  }
}

/**
 * Runs a user action on these mailboxes' mail one at a time, across processes: which messages a conversation
 * has in a folder is read and acted on under the lock, so two clicks (or two tabs) never move the same UIDs
 * twice. The second finds the messages already gone from the folder and does nothing, instead of asking the
 * server to move UIDs it no longer has there. Locks are taken in a fixed order, so two actions never wait on
 * each other.
 */
export async function withMailActionLock<T>(db: Db, mailboxIds: string[], fn: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...new Set(mailboxIds)].sort();
  if (!first) return fn();
  return inTurn(first, () => withAdvisoryLock(db, first, () => withMailActionLock(db, rest, fn)));
}
