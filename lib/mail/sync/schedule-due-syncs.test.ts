import { eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailboxAccess, mailboxes, users } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import { withMailboxSyncLock } from './mailbox-sync-lock';
import { scheduleDueSyncs } from './schedule-due-syncs';

const minutesAgo = (now: Date, m: number) => new Date(now.getTime() - m * 60_000);

describe('the sync scheduler tick', () => {
  afterAll(closeDb);

  it('enqueues exactly the mailboxes the SPEC §4 table makes due', async () => {
    const db = getDb();
    const now = new Date();
    const org = await createTestOrg(db, { plan: 'standard' });
    const online = await createTestUser(db, { orgId: org.id });
    const offline = await createTestUser(db, { orgId: org.id });
    await db
      .update(users)
      .set({ lastSeenAt: minutesAgo(now, 1) })
      .where(eq(users.id, online.id));
    await db
      .update(users)
      .set({ lastSeenAt: minutesAgo(now, 3) })
      .where(eq(users.id, offline.id));

    const box = async (
      ownerUserId: string,
      lastSyncMinutes: number | null,
      extra: Partial<typeof mailboxes.$inferInsert> = {},
    ) => {
      const m = await createTestMailbox(db, { orgId: org.id, ownerUserId });
      await db
        .update(mailboxes)
        .set({ lastSyncAt: lastSyncMinutes === null ? null : minutesAgo(now, lastSyncMinutes), ...extra })
        .where(eq(mailboxes.id, m.id));
      return m.id;
    };
    const expected = {
      ownerOnlineStale: await box(online.id, 11),
      neverSynced: await box(offline.id, null),
      requested: await box(offline.id, 60, { syncRequestedAt: minutesAgo(now, 0) }),
      grantOnline: await box(offline.id, 10),
      crmRouting: await box(offline.id, 10, { crmRouteToManager: true }),
      orgOnlineDaily: await box(offline.id, 24 * 60 + 1),
      // Marked importing by a sync whose process was killed: nobody holds its lock.
      interrupted: await box(online.id, 60, {
        syncState: 'importing',
        lastSyncStartedAt: minutesAgo(now, 1),
        importTotal: 5000,
        importDone: 2800,
      }),
    };
    await db
      .insert(mailboxAccess)
      .values({ orgId: org.id, mailboxId: expected.grantOnline, userId: online.id, level: 'read' });
    const notDue = {
      ownerOnlineFresh: await box(online.id, 9),
      orgOnlineToday: await box(offline.id, 60),
      needsPassword: await box(online.id, 60, { requiresReauth: true }),
      disabled: await box(online.id, 60, { status: 'disabled' }),
      running: await box(online.id, 60, { syncState: 'syncing', lastSyncStartedAt: minutesAgo(now, 1) }),
    };
    const nobodyOnline = await createTestOrg(db, { plan: 'standard' });
    const absent = await createTestUser(db, { orgId: nobodyOnline.id });
    const absentBox = await createTestMailbox(db, { orgId: nobodyOnline.id, ownerUserId: absent.id });

    const enqueued: string[] = [];
    // The running sync holds its mailbox's lock, as withMailboxSyncLock does in another process.
    const tick = await withMailboxSyncLock(db, notDue.running, () =>
      scheduleDueSyncs(db, { now, enqueue: async (id) => enqueued.push(id) }),
    );
    expect(tick.acquired).toBe(true);
    const scheduled = tick.acquired ? tick.result : [];
    const ours = new Set([...Object.values(expected), ...Object.values(notDue), absentBox.id]);
    expect(enqueued.filter((id) => ours.has(id)).sort()).toEqual(Object.values(expected).sort());
    const reasons = Object.fromEntries(
      scheduled.filter((s) => ours.has(s.mailboxId)).map((s) => [s.mailboxId, s.decision.reason]),
    );
    expect(reasons).toEqual({
      [expected.ownerOnlineStale]: 'owner-or-grantee-online',
      [expected.neverSynced]: 'org-online',
      [expected.requested]: 'sync-requested',
      [expected.grantOnline]: 'owner-or-grantee-online',
      [expected.crmRouting]: 'crm-routing-and-org-online',
      [expected.orgOnlineDaily]: 'org-online',
      [expected.interrupted]: 'owner-or-grantee-online',
    });
    const states = await db
      .select({ id: mailboxes.id, syncState: mailboxes.syncState, importDone: mailboxes.importDone })
      .from(mailboxes)
      .where(inArray(mailboxes.id, [expected.interrupted, notDue.running]));
    expect(Object.fromEntries(states.map((m) => [m.id, [m.syncState, m.importDone]]))).toEqual({
      [expected.interrupted]: ['idle', 2800],
      [notDue.running]: ['syncing', 0],
    });
  });
});
