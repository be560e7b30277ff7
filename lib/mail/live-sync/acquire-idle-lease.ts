import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { HOST_LEASE_LOCK_SEED, LEASE_TTL_MS } from './live-sync-config';

export type LeaseMode = 'idle' | 'poll';

/**
 * Takes the live-mail lease of a mailbox for this worker, if nobody holds it (or the holder's lease ran out).
 * Returns the mode granted, or null when another worker holds it. The insert is the lease: the primary key
 * and `where expires_at < now()` mean two workers racing for one mailbox get one row and one winner, and the
 * loser's statement updates nothing.
 *
 * `idle` is granted only while the host has fewer than `perHostCap` live IDLE leases; otherwise `poll`. The
 * count and the insert run under a transaction-scoped advisory lock of the host, so two workers cannot both
 * take its last place (under READ COMMITTED the insert's snapshot is taken after the lock is held).
 */
export async function acquireIdleLease(
  db: Db,
  options: { mailboxId: string; workerId: string; imapHost: string; mode: LeaseMode; perHostCap: number },
): Promise<LeaseMode | null> {
  const { mailboxId, workerId, imapHost, mode, perHostCap } = options;
  return db.transaction(async (tx) => {
    if (mode === 'idle')
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${imapHost}, ${HOST_LEASE_LOCK_SEED}))`);
    const { rows } = await tx.execute<{ mode: LeaseMode }>(sql`
      insert into mailbox_idle_leases as l (mailbox_id, org_id, worker_id, imap_host, mode, acquired_at, expires_at)
      values (
        ${mailboxId}, (select m.org_id from mailboxes m where m.id = ${mailboxId}), ${workerId}, ${imapHost},
        case when ${mode} = 'idle' and (
          select count(*) from mailbox_idle_leases o
          where o.imap_host = ${imapHost} and o.mode = 'idle' and o.expires_at > now() and o.mailbox_id <> ${mailboxId}
        ) < ${perHostCap} then 'idle' else 'poll' end,
        now(), now() + make_interval(secs => ${LEASE_TTL_MS / 1000})
      )
      on conflict (mailbox_id) do update
        set worker_id = excluded.worker_id, imap_host = excluded.imap_host, mode = excluded.mode,
            acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
        where l.expires_at < now()
      returning l.mode`);
    return rows[0]?.mode ?? null;
  });
}
