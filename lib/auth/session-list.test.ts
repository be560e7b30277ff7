import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, authSessions } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import { cliActor, type Actor } from '../access/actor';
import { endOtherSessions, endOwnSession } from './end-session';
import { endUserSessions } from './end-user-sessions';
import { listSessions } from './list-sessions';
import { createSession, resolveSession } from './sessions';

const actorOf = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

async function userWithSessions(orgId: string, role: 'admin' | 'employee' = 'employee') {
  const db = getDb();
  const user = await createTestUser(db, { orgId, role });
  const laptop = await createSession(db, {
    userId: user.id,
    orgId,
    userAgent: 'Mozilla/5.0 (Macintosh) Firefox/128.0',
    ip: '198.51.100.7',
  });
  const phone = await createSession(db, {
    userId: user.id,
    orgId,
    userAgent: 'Mozilla/5.0 (iPhone) Mobile Safari/604.1',
    ip: '203.0.113.9',
  });
  return { user, laptop: laptop.sessionId, phone: phone.sessionId };
}

describe('sessions page', () => {
  afterAll(closeDb);

  it('lists only the user’s own live sessions, marks the current one, and never shows an id or its hash', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const { user, laptop, phone } = await userWithSessions(org.id);
    await userWithSessions(org.id);

    const list = await listSessions(db, { actor: actorOf(user), currentSessionId: phone });
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ current: true, userAgent: expect.stringContaining('iPhone'), ip: '203.0.113.9' });
    expect(list[1]).toMatchObject({
      current: false,
      userAgent: expect.stringContaining('Firefox'),
      ip: '198.51.100.7',
    });
    const hashes = (
      await db.select({ idHash: authSessions.idHash }).from(authSessions).where(eq(authSessions.userId, user.id))
    ).map((r) => r.idHash);
    const shown = JSON.stringify(list);
    for (const secret of [laptop, phone, ...hashes, ...hashes.map((h) => h.slice(0, 16))])
      expect(shown).not.toContain(secret);
    await expect(listSessions(db, { actor: cliActor, currentSessionId: phone })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('ends one own session by its handle; another user’s handle, a made-up one or the current one are refused', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const alice = await userWithSessions(org.id);
    const bob = await userWithSessions(org.id, 'admin');
    const bobsHandles = (await listSessions(db, { actor: actorOf(bob.user), currentSessionId: bob.phone })).map(
      (s) => s.handle,
    );

    // Bob's handles, even with Bob's an admin of the same organization and Alice asking, name nothing of hers.
    for (const handle of [...bobsHandles, 'made-up', '']) {
      await expect(
        endOwnSession(db, { actor: actorOf(alice.user), handle, currentSessionId: alice.phone }),
      ).rejects.toMatchObject({ code: 'not_found' });
    }
    expect(await resolveSession(db, { sessionId: bob.laptop })).not.toBeNull();
    expect(await resolveSession(db, { sessionId: bob.phone })).not.toBeNull();

    const [current, other] = await listSessions(db, { actor: actorOf(alice.user), currentSessionId: alice.phone });
    await expect(
      endOwnSession(db, { actor: actorOf(alice.user), handle: current!.handle, currentSessionId: alice.phone }),
    ).rejects.toMatchObject({ code: 'validation' });
    await endOwnSession(db, { actor: actorOf(alice.user), handle: other!.handle, currentSessionId: alice.phone });
    expect(await resolveSession(db, { sessionId: alice.laptop })).toBeNull();
    expect(await resolveSession(db, { sessionId: alice.phone })).not.toBeNull();
  });

  it('signs out all other sessions of the user, no one else’s', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const alice = await userWithSessions(org.id);
    const bob = await userWithSessions(org.id);
    expect(await endOtherSessions(db, { actor: actorOf(alice.user), currentSessionId: alice.phone })).toBe(1);
    expect(await resolveSession(db, { sessionId: alice.laptop })).toBeNull();
    expect(await resolveSession(db, { sessionId: alice.phone })).not.toBeNull();
    expect(await resolveSession(db, { sessionId: bob.laptop })).not.toBeNull();
  });

  it('lets an admin of the same organization, or the user, sign a user out everywhere, with an audit entry', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const other = await createTestOrg(db);
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const colleague = await createTestUser(db, { orgId: org.id });
    const foreignAdmin = await createTestUser(db, { orgId: other.id, role: 'admin' });
    const target = await userWithSessions(org.id);

    await expect(endUserSessions(db, { userId: target.user.id, actor: actorOf(foreignAdmin) })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(endUserSessions(db, { userId: target.user.id, actor: actorOf(colleague) })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(endUserSessions(db, { userId: 'not-a-uuid', actor: actorOf(admin) })).rejects.toMatchObject({
      code: 'validation',
    });
    expect(await resolveSession(db, { sessionId: target.laptop })).not.toBeNull();

    expect(await endUserSessions(db, { userId: target.user.id, actor: actorOf(admin) })).toBe(2);
    expect(await resolveSession(db, { sessionId: target.laptop })).toBeNull();
    expect(await resolveSession(db, { sessionId: target.phone })).toBeNull();
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, 'user.sessions_ended')));
    expect(entry).toMatchObject({
      actorUserId: admin.id,
      targetId: target.user.id,
      data: { email: target.user.email, sessionsEnded: 2 },
    });

    const again = await createSession(db, { userId: target.user.id, orgId: org.id });
    expect(await endUserSessions(db, { userId: target.user.id, actor: actorOf(target.user) })).toBe(1);
    expect(await resolveSession(db, { sessionId: again.sessionId })).toBeNull();
  });
});
