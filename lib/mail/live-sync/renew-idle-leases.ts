import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { LEASE_TTL_MS } from './live-sync-config';

/**
 * Extends every lease this worker still holds among `mailboxIds`, in one statement, and returns those. A
 * mailbox missing from the answer is no longer ours (its lease ran out and another worker took it, or the
 * mailbox is gone): its connection must close at once. A lease already expired is not revived, even when
 * nobody took it, so a worker that stalled past its TTL always lets go (it acquires again like anyone else).
 */
export async function renewIdleLeases(
  db: Db,
  options: { workerId: string; mailboxIds: readonly string[] },
): Promise<Set<string>> {
  if (options.mailboxIds.length === 0) return new Set();
  const { rows } = await db.execute<{ mailbox_id: string }>(sql`
    update mailbox_idle_leases set expires_at = now() + make_interval(secs => ${LEASE_TTL_MS / 1000})
    where worker_id = ${options.workerId} and expires_at > now()
      and mailbox_id = any(${`{${options.mailboxIds.join(',')}}`}::uuid[])
    returning mailbox_id`);
  return new Set(rows.map((row) => row.mailbox_id));
}
