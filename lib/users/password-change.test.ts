import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, authSessions, users } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { createSession, resolveSession } from '../auth/sessions';
import { verifyCredentials } from '../auth/verify-credentials';
import { changeOwnPassword, PASSWORD_CHANGE_LIMIT } from './change-own-password';
import { setTemporaryPassword } from './set-temporary-password';

const NEW_PASSWORD = 'lantern orchard velvet 7719 quarry';
const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});
const rowOf = async (id: string) => (await getDb().select().from(users).where(eq(users.id, id)))[0]!;
const auditOf = (userId: string, action: 'user.password_changed' | 'user.temporary_password_set') =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, action)));

async function signedInTwice(user: { id: string; orgId: string }) {
  const db = getDb();
  const here = await createSession(db, { userId: user.id, orgId: user.orgId });
  const elsewhere = await createSession(db, { userId: user.id, orgId: user.orgId });
  return { here: here.sessionId, elsewhere: elsewhere.sessionId };
}

describe('password change and temporary passwords', () => {
  afterAll(closeDb);

  it('changes the own password with the right current one, keeps this session and ends the others', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const eve = await createTestUser(db, { orgId: org.id });
    const sessions = await signedInTwice(eve);
    const change = (currentPassword: string, newPassword = NEW_PASSWORD) =>
      changeOwnPassword(db, {
        userId: eve.id,
        sessionId: sessions.here,
        currentPassword,
        newPassword,
        actor: asUser(eve),
      });

    await expect(change('not my password at all')).rejects.toMatchObject({
      code: 'validation',
      details: { fieldErrors: { currentPassword: expect.any(String) } },
    });
    await expect(change(eve.password, 'short')).rejects.toMatchObject({
      details: { fieldErrors: { newPassword: expect.any(String) } },
    });
    await expect(change(eve.password, eve.password)).rejects.toMatchObject({
      details: { fieldErrors: { newPassword: 'The new password must differ from the current one.' } },
    });
    expect(await resolveSession(db, { sessionId: sessions.elsewhere })).not.toBeNull();

    expect(await change(eve.password)).toEqual({ sessionsEnded: 1 });
    expect(await resolveSession(db, { sessionId: sessions.here })).not.toBeNull();
    expect(await resolveSession(db, { sessionId: sessions.elsewhere })).toBeNull();
    await expect(verifyCredentials(db, { email: eve.email, password: eve.password })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect((await verifyCredentials(db, { email: eve.email, password: NEW_PASSWORD })).id).toBe(eve.id);
    const [entry] = await auditOf(eve.id, 'user.password_changed');
    expect(entry).toMatchObject({ actorUserId: eve.id, data: { email: eve.email, sessionsEnded: 1, forced: false } });
  });

  it('is only for oneself', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const ada = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const eve = await createTestUser(db, { orgId: org.id });
    const { here } = await signedInTwice(ada);
    const before = (await rowOf(eve.id)).passwordHash;
    await expect(
      changeOwnPassword(db, {
        userId: eve.id,
        sessionId: here,
        currentPassword: eve.password,
        newPassword: NEW_PASSWORD,
        actor: asUser(ada),
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await rowOf(eve.id)).passwordHash).toBe(before);
    expect(await verifyCredentials(db, { email: eve.email, password: eve.password })).toMatchObject({ id: eve.id });
  });

  it('verifies no more current-password guesses than the limit, even in a parallel burst', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const eve = await createTestUser(db, { orgId: org.id });
    const { here } = await signedInTwice(eve);
    const burst = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        changeOwnPassword(db, {
          userId: eve.id,
          sessionId: here,
          currentPassword: `wrong guess number ${i}`,
          newPassword: NEW_PASSWORD,
          actor: asUser(eve),
        }),
      ),
    );
    const codes = burst.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'changed'));
    // Every guess was refused; only the first `limit` were checked against the hash at all.
    expect(codes.filter((c) => c === 'validation')).toHaveLength(PASSWORD_CHANGE_LIMIT.limit);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(20 - PASSWORD_CHANGE_LIMIT.limit);
    // The right password is refused too until the window has passed: the limit does not tell a right guess apart.
    await expect(
      changeOwnPassword(db, {
        userId: eve.id,
        sessionId: here,
        currentPassword: eve.password,
        newPassword: NEW_PASSWORD,
        actor: asUser(eve),
      }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('lets an admin set a temporary password for their organization only, never for themself', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const ada = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const eve = await createTestUser(db, { orgId: org.id });
    const bob = await createTestUser(db, { orgId: org.id });
    const other = await createTestOrg(db);
    const outsider = await createTestUser(db, { orgId: other.id, role: 'admin' });
    const before = (await rowOf(eve.id)).passwordHash;

    await expect(setTemporaryPassword(db, { userId: eve.id, actor: asUser(bob) })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(setTemporaryPassword(db, { userId: eve.id, actor: asUser(outsider) })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(setTemporaryPassword(db, { userId: ada.id, actor: asUser(ada) })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await rowOf(eve.id)).passwordHash).toBe(before);
    expect((await rowOf(eve.id)).mustChangePassword).toBe(false);

    const sessions = await signedInTwice(eve);
    const temporary = await setTemporaryPassword(db, { userId: eve.id, actor: asUser(ada) });
    expect(temporary).toMatchObject({ email: eve.email, sessionsEnded: 2 });
    expect(temporary.password.length).toBeGreaterThanOrEqual(20);
    expect(await resolveSession(db, { sessionId: sessions.here })).toBeNull();
    expect((await rowOf(eve.id)).mustChangePassword).toBe(true);
    await expect(verifyCredentials(db, { email: eve.email, password: eve.password })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    const [entry] = await auditOf(eve.id, 'user.temporary_password_set');
    expect(entry).toMatchObject({ actorUserId: ada.id, data: { email: eve.email, sessionsEnded: 2 } });
    expect(JSON.stringify(entry)).not.toContain(temporary.password);
  });

  it('after a temporary password, the forced change needs no current one, refuses the temporary one and clears the flag', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const ada = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const eve = await createTestUser(db, { orgId: org.id });
    const { password } = await setTemporaryPassword(db, { userId: eve.id, actor: asUser(ada) });

    const user = await verifyCredentials(db, { email: eve.email, password });
    expect(user.mustChangePassword).toBe(true);
    const { sessionId } = await createSession(db, { userId: eve.id, orgId: org.id });
    expect((await resolveSession(db, { sessionId }))?.user.mustChangePassword).toBe(true);
    const choose = (newPassword: string) =>
      changeOwnPassword(db, { userId: eve.id, sessionId, newPassword, actor: asUser(eve) });

    await expect(choose(password)).rejects.toMatchObject({
      details: { fieldErrors: { newPassword: 'Choose a password of your own, not the temporary one.' } },
    });
    expect((await rowOf(eve.id)).mustChangePassword).toBe(true);
    await choose(NEW_PASSWORD);
    expect((await resolveSession(db, { sessionId }))?.user.mustChangePassword).toBe(false);
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, eve.id))).toHaveLength(1);
    const [entry] = await auditOf(eve.id, 'user.password_changed');
    expect(entry?.data).toMatchObject({ forced: true });

    // Once chosen, a further change asks for the current password again.
    await expect(choose('another fine phrase 4471 garnet')).rejects.toMatchObject({
      details: { fieldErrors: { currentPassword: expect.any(String) } },
    });
  });
});
