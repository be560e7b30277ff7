import type { Db } from '@/db/client';

/** The advisory lock of a mailbox's sync is hashtextextended(mailbox id, this); the scheduler reads it too. */
export const SYNC_LOCK_SEED = 7270;

/**
 * Runs `fn` only if no other process is syncing this mailbox. A session-level advisory lock on a dedicated
 * connection: it holds across processes and machines, and PostgreSQL drops it if the process dies.
 */
export async function withMailboxSyncLock<T>(
  db: Db,
  mailboxId: string,
  fn: () => Promise<T>,
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const client = await db.$client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      'select pg_try_advisory_lock(hashtextextended($1, $2)) as ok',
      [mailboxId, SYNC_LOCK_SEED],
    );
    if (!rows[0]?.ok) return { acquired: false };
    try {
      return { acquired: true, result: await fn() };
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, $2))', [mailboxId, SYNC_LOCK_SEED]);
    }
  } finally {
    client.release();
  }
}

// At most a few connections to one mail server from this process: providers throttle or ban bursts.
const perHost = new Map<string, { active: number; waiting: Array<() => void> }>();
export const MAX_CONNECTIONS_PER_HOST = 4;

export async function withHostSlot<T>(host: string, fn: () => Promise<T>): Promise<T> {
  const slot = perHost.get(host) ?? { active: 0, waiting: [] };
  perHost.set(host, slot);
  if (slot.active >= MAX_CONNECTIONS_PER_HOST) await new Promise<void>((resolve) => slot.waiting.push(resolve));
  slot.active += 1;
  try {
    return await fn();
  } finally {
    slot.active -= 1;
    slot.waiting.shift()?.();
  }
}
