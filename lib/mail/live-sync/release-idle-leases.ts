import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import type { LeaseMode } from './acquire-idle-lease';

/**
 * Gives up this worker's leases on `mailboxIds` (their connections are already closed), so another worker or a
 * later tick may take them at once instead of after the TTL. Leases of other workers are never touched.
 */
export async function releaseIdleLeases(
  db: Db,
  options: { workerId: string; mailboxIds: readonly string[] },
): Promise<void> {
  if (options.mailboxIds.length === 0) return;
  await db.execute(sql`
    delete from mailbox_idle_leases
    where worker_id = ${options.workerId} and mailbox_id = any(${`{${options.mailboxIds.join(',')}}`}::uuid[])`);
}

/** A held lease turns to polling (the server turned out to lack IDLE), freeing its place under the host cap. */
export async function setIdleLeaseMode(
  db: Db,
  options: { workerId: string; mailboxId: string; mode: LeaseMode },
): Promise<void> {
  await db.execute(sql`
    update mailbox_idle_leases set mode = ${options.mode}
    where worker_id = ${options.workerId} and mailbox_id = ${options.mailboxId}`);
}
