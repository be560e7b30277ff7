import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { authSessions } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import { cliActor } from '../access/actor';
import { deactivateUser } from '../users/deactivate-user';
import { createSession, endSession, resolveSession, SESSION_TTL_MS } from './sessions';
import { verifyCredentials } from './verify-credentials';

describe('sign-in and sessions', () => {
  afterAll(closeDb);

  it('accepts the right password and refuses a wrong one or an unknown email alike', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    expect((await verifyCredentials(db, { email: user.email, password: user.password })).id).toBe(user.id);
    await expect(verifyCredentials(db, { email: user.email, password: 'wrong password' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    await expect(
      verifyCredentials(db, { email: 'nobody@example.test', password: user.password }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('resolves a live session to its user and organization, and not after sign-out or expiry', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const now = new Date();
    const { sessionId } = await createSession(db, { userId: user.id, orgId: org.id, now });
    const resolved = await resolveSession(db, { sessionId, now });
    expect(resolved?.user.id).toBe(user.id);
    expect(resolved?.org.id).toBe(org.id);
    expect(resolved?.user).not.toHaveProperty('passwordHash');
    expect(await resolveSession(db, { sessionId: `${sessionId}x`, now })).toBeNull();
    expect(await resolveSession(db, { sessionId, now: new Date(now.getTime() + SESSION_TTL_MS + 1000) })).toBeNull();
    await endSession(db, { sessionId });
    expect(await resolveSession(db, { sessionId, now })).toBeNull();
  });

  it('ends every session of a deactivated user at once and refuses their sign-in with the reason', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    await createTestUser(db, { orgId: org.id, role: 'admin' });
    const user = await createTestUser(db, { orgId: org.id });
    const a = await createSession(db, { userId: user.id, orgId: org.id });
    const b = await createSession(db, { userId: user.id, orgId: org.id });
    await deactivateUser(db, { userId: user.id, actor: cliActor });
    expect(await resolveSession(db, { sessionId: a.sessionId })).toBeNull();
    expect(await resolveSession(db, { sessionId: b.sessionId })).toBeNull();
    await expect(verifyCredentials(db, { email: user.email, password: user.password })).rejects.toMatchObject({
      code: 'user_inactive',
    });
    await expect(verifyCredentials(db, { email: user.email, password: 'wrong password' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('records where a session was signed in from, for the sessions page', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    await createSession(db, {
      userId: user.id,
      orgId: org.id,
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
    });
    await createSession(db, { userId: user.id, orgId: org.id, ip: 'unknown', userAgent: null });
    const rows = await db
      .select({ ip: authSessions.ip, userAgent: authSessions.userAgent })
      .from(authSessions)
      .where(eq(authSessions.userId, user.id));
    expect(rows).toEqual(
      expect.arrayContaining([
        { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0' },
        { ip: null, userAgent: null },
      ]),
    );
  });
});
