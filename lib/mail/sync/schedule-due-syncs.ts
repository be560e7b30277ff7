import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxAccess, mailboxes, organizations, users } from '@/db/schema';
import { decideSync, ONLINE_WINDOW_MS, type SyncDecision } from './sync-policy';

const STALE_SYNC_MS = 30 * 60 * 1000;

export type ScheduledSync = { mailboxId: string; decision: SyncDecision };

/**
 * The scheduler's tick (every minute): applies the SPEC §4 policy to every enabled mailbox of the
 * organizations that have someone online (nobody online means never), and hands the due ones to `enqueue`.
 * Mailboxes waiting for a new password or already syncing are left alone.
 */
export async function scheduleDueSyncs(db: Db, options: { enqueue: (mailboxId: string) => Promise<unknown>; now?: Date }): Promise<ScheduledSync[]> {
  const now = options.now ?? new Date();
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
    .where(and(inArray(mailboxes.orgId, [...onlineByOrg.keys()]), eq(mailboxes.status, 'active'), eq(mailboxes.requiresReauth, false)));
  const grants = candidates.length
    ? await db.select({ mailboxId: mailboxAccess.mailboxId, userId: mailboxAccess.userId }).from(mailboxAccess).where(inArray(mailboxAccess.mailboxId, candidates.map((c) => c.mailbox.id)))
    : [];

  const grantsByMailbox = new Map<string, string[]>();
  for (const grant of grants) grantsByMailbox.set(grant.mailboxId, [...(grantsByMailbox.get(grant.mailboxId) ?? []), grant.userId]);

  const scheduled: ScheduledSync[] = [];
  for (const { mailbox, org } of candidates) {
    // A sync still running is left alone; one that started long ago died with its process.
    const running = mailbox.syncState === 'syncing' || mailbox.syncState === 'importing';
    if (running && mailbox.lastSyncStartedAt && now.getTime() - mailbox.lastSyncStartedAt.getTime() < STALE_SYNC_MS) continue;
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
