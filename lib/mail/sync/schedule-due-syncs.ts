import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxAccess, mailboxes, organizations, users } from '@/db/schema';
import { decideSync, ONLINE_WINDOW_MS, type SyncDecision } from './sync-policy';
import { SYNC_LOCK_SEED } from './mailbox-sync-lock';

export type ScheduledSync = { mailboxId: string; decision: SyncDecision };
/** A mailbox whose sync ended with its process, and when that sync started (the worker's clock). */
export type InterruptedSync = { mailboxId: string; syncStartedAt: Date | null };

/**
 * The scheduler's tick (every minute): first marks the syncs whose process died as over (see
 * resetInterruptedSyncs), then applies the SPEC §4 policy to every enabled mailbox of the organizations that
 * have someone online (nobody online means never), and hands the due ones to `enqueue`. Mailboxes waiting for
 * a new password or syncing right now are left alone. A sync that died changed nothing the policy looks at
 * (lastSyncAt is only set when a sync succeeds, so a Sync click stays pending and a periodic sync stays due):
 * its mailbox is enqueued by the first tick after its process ended, if someone of its organization is online.
 * `onInterrupted` hears of those syncs before anything is enqueued (the job queue ends the dead jobs).
 */
export async function scheduleDueSyncs(
  db: Db,
  options: {
    enqueue: (mailboxId: string) => Promise<unknown>;
    onInterrupted?: (syncs: InterruptedSync[]) => Promise<unknown>;
    now?: Date;
  },
): Promise<ScheduledSync[]> {
  const now = options.now ?? new Date();
  const interrupted = await resetInterruptedSyncs(db);
  if (interrupted.length > 0) await options.onInterrupted?.(interrupted);
  const online = await db
    .select({ id: users.id, orgId: users.orgId })
    .from(users)
    .where(and(eq(users.active, true), gte(users.lastSeenAt, new Date(now.getTime() - ONLINE_WINDOW_MS))));
  if (online.length === 0) return [];
  const onlineByOrg = new Map<string, Set<string>>();
  for (const user of online) onlineByOrg.set(user.orgId, (onlineByOrg.get(user.orgId) ?? new Set()).add(user.id));

  const candidates = await db
    .select({ mailbox: mailboxes, org: organizations })
    .from(mailboxes)
    .innerJoin(organizations, eq(organizations.id, mailboxes.orgId))
    .where(
      and(
        inArray(mailboxes.orgId, [...onlineByOrg.keys()]),
        eq(mailboxes.status, 'active'),
        eq(mailboxes.requiresReauth, false),
      ),
    );
  const grants = candidates.length
    ? await db
        .select({ mailboxId: mailboxAccess.mailboxId, userId: mailboxAccess.userId })
        .from(mailboxAccess)
        .where(
          inArray(
            mailboxAccess.mailboxId,
            candidates.map((c) => c.mailbox.id),
          ),
        )
    : [];

  const grantsByMailbox = new Map<string, string[]>();
  for (const grant of grants)
    grantsByMailbox.set(grant.mailboxId, [...(grantsByMailbox.get(grant.mailboxId) ?? []), grant.userId]);

  const scheduled: ScheduledSync[] = [];
  for (const { mailbox, org } of candidates) {
    // Still marked running after resetInterruptedSyncs: its sync holds the lock, however long it has run.
    if (mailbox.syncState === 'syncing' || mailbox.syncState === 'importing') continue;
    const decision = decideSync({
      now,
      org,
      mailbox,
      accessUserIds: grantsByMailbox.get(mailbox.id) ?? [],
      onlineUserIds: onlineByOrg.get(mailbox.orgId) ?? new Set(),
    });
    if (!decision.due) continue;
    await options.enqueue(mailbox.id);
    scheduled.push({ mailboxId: mailbox.id, decision });
  }
  return scheduled;
}

/**
 * A sync marks its mailbox 'syncing'/'importing' once it holds the mailbox's advisory lock, and 'idle' or
 * 'error' when it ends; a process killed in between leaves the mark, and the UI would show "importing
 * 2800/5000" for good. PostgreSQL drops a session's advisory locks when its connection goes, so a mailbox
 * marked running whose lock nobody holds has no sync: it goes back to 'idle' (the import's progress, kept in
 * importDone/importTotal, still shows how far it got) and, when due, is enqueued by the same tick. Returns the
 * mailboxes reset.
 *
 * The lock key is the one of withMailboxSyncLock (mailbox-sync-lock.ts): hashtextextended(id, SYNC_LOCK_SEED),
 * which pg_locks shows as classid (high 32 bits) and objid (low 32 bits) with objsubid 1. A sync that takes
 * the lock while this runs is safe: it sets a new lastSyncStartedAt after taking the lock, so a row whose
 * lastSyncStartedAt changed since it was read is not touched.
 */
export async function resetInterruptedSyncs(db: Db): Promise<InterruptedSync[]> {
  const { rows } = await db.execute<{ id: string; sync_started_at: Date | string | null }>(sql`
    with held as (
      select (l.classid::int8 << 32) | l.objid::int8 as key
      from pg_locks l
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.database = (select oid from pg_database where datname = current_database())
    ), interrupted as (
      select id, last_sync_started_at from ${mailboxes}
      where sync_state in ('syncing', 'importing')
        and hashtextextended(id::text, ${SYNC_LOCK_SEED}) not in (select key from held)
    )
    update ${mailboxes} m set sync_state = 'idle'
    from interrupted i
    where m.id = i.id and m.sync_state in ('syncing', 'importing') and m.last_sync_started_at is not distinct from i.last_sync_started_at
    returning m.id, i.last_sync_started_at as sync_started_at`);
  for (const { id } of rows)
    process.stderr.write(
      `[sync] mailbox ${id}: its sync ended with its process; marked idle, to be synced again when due\n`,
    );
  return rows.map((r) => ({
    mailboxId: r.id,
    syncStartedAt: r.sync_started_at === null ? null : new Date(r.sync_started_at),
  }));
}
