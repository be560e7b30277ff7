import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import { cliActor, type Actor } from '../access/actor';
import { ONLINE_WINDOW_MS } from '../mail/sync/sync-policy';
import { deactivateUser } from '../users/deactivate-user';
import { findOnlineUserIds } from './find-online-users';
import { HEARTBEAT_THROTTLE_MS, recordHeartbeat } from './record-heartbeat';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function lastSeenAt(userId: string): Promise<Date | null> {
  const [row] = await getDb().select({ lastSeenAt: users.lastSeenAt }).from(users).where(eq(users.id, userId));
  return row?.lastSeenAt ?? null;
}

describe('presence', () => {
  afterAll(closeDb);

  it('puts a user online with a heartbeat, for 2 minutes exactly', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const colleague = await createTestUser(db, { orgId: org.id });
    const t0 = new Date();

    expect(await findOnlineUserIds(db, { orgId: org.id, now: t0 })).toEqual(new Set());
    expect(await recordHeartbeat(db, { userId: user.id, actor: asUser(user), now: t0 })).toBe(true);
    expect((await lastSeenAt(user.id))?.getTime()).toBe(t0.getTime());

    expect(await findOnlineUserIds(db, { orgId: org.id, now: t0 })).toEqual(new Set([user.id]));
    expect(await findOnlineUserIds(db, { orgId: org.id, now: at(t0, ONLINE_WINDOW_MS) })).toEqual(new Set([user.id]));
    expect(await findOnlineUserIds(db, { orgId: org.id, now: at(t0, ONLINE_WINDOW_MS + 1) })).toEqual(new Set());
    expect(await lastSeenAt(colleague.id)).toBeNull();
  });

  it('keeps each organization to its own users', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const otherOrg = await createTestOrg(db);
    const outsider = await createTestUser(db, { orgId: otherOrg.id, role: 'admin' });
    const now = new Date();

    await recordHeartbeat(db, { userId: outsider.id, actor: asUser(outsider), now });
    expect(await findOnlineUserIds(db, { orgId: org.id, now })).toEqual(new Set());
    expect(await findOnlineUserIds(db, { orgId: otherOrg.id, now })).toEqual(new Set([outsider.id]));
  });

  it('lets nobody record a heartbeat for someone else', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const outsider = await createTestUser(db, { orgId: (await createTestOrg(db)).id, role: 'admin' });

    for (const actor of [asUser(outsider), asUser(admin), cliActor]) {
      await expect(recordHeartbeat(db, { userId: user.id, actor })).rejects.toMatchObject({ code: 'not_found' });
    }
    expect(await lastSeenAt(user.id)).toBeNull();
    expect(await findOnlineUserIds(db, { orgId: org.id })).toEqual(new Set());
  });

  it('never shows a deactivated user online', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const user = await createTestUser(db, { orgId: org.id });
    const now = new Date();

    await recordHeartbeat(db, { userId: user.id, actor: asUser(user), now });
    await deactivateUser(db, { userId: user.id, actor: asUser(admin), now });
    expect(await findOnlineUserIds(db, { orgId: org.id, now })).toEqual(new Set());

    // A beat from a tab that outlived the deactivation writes nothing.
    expect(await recordHeartbeat(db, { userId: user.id, actor: asUser(user), now: at(now, 5 * 60 * 1000) })).toBe(
      false,
    );
    expect((await lastSeenAt(user.id))?.getTime()).toBe(now.getTime());
  });

  it('writes at most one heartbeat per throttle period', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const actor = asUser(user);
    const t0 = new Date();

    expect(await recordHeartbeat(db, { userId: user.id, actor, now: t0 })).toBe(true);
    expect(await recordHeartbeat(db, { userId: user.id, actor, now: at(t0, 1) })).toBe(false);
    expect(await recordHeartbeat(db, { userId: user.id, actor, now: at(t0, HEARTBEAT_THROTTLE_MS - 1) })).toBe(false);
    expect((await lastSeenAt(user.id))?.getTime()).toBe(t0.getTime());

    expect(await recordHeartbeat(db, { userId: user.id, actor, now: at(t0, HEARTBEAT_THROTTLE_MS) })).toBe(true);
    expect((await lastSeenAt(user.id))?.getTime()).toBe(t0.getTime() + HEARTBEAT_THROTTLE_MS);
  });

  it('recovers from a last-seen time stamped ahead of the clock', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const now = new Date();

    await db
      .update(users)
      .set({ lastSeenAt: at(now, 60 * 60 * 1000) })
      .where(eq(users.id, user.id));
    expect(await recordHeartbeat(db, { userId: user.id, actor: asUser(user), now })).toBe(true);
    expect((await lastSeenAt(user.id))?.getTime()).toBe(now.getTime());
  });
});
