import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, authSessions, signInFailures } from '@/db/schema';
import { createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { linkIn, parsed, sentTo, useSystemMailCapture } from '@/test/system-mail-capture';
import { deactivateUser } from '../users/deactivate-user';
import { ACCOUNT_TOKEN_LIFETIME_MS } from './account-tokens';
import { requestPasswordReset, RESET_LIMIT_PER_EMAIL } from './request-password-reset';
import { createSession, resolveSession } from './sessions';
import { setPasswordWithToken } from './set-password-with-token';

const BASE = 'https://mailroom.example.test';
const randomIp = () => `203.0.113.${randomBytes(1)[0]}-${randomBytes(4).toString('hex')}`;
const tokenOf = (link: URL) => link.pathname.split('/').pop()!;

describe('password reset', () => {
  const capture = useSystemMailCapture();

  it('mails a one-hour link; the new password ends every session and clears sign-in failures', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id, name: 'Rita Reset' });
    const sessions = await Promise.all(
      [1, 2].map(() => createSession(db, { userId: user.id, orgId: org.id, userAgent: 'test' })),
    );
    await db.insert(signInFailures).values({ email: user.email, ip: '198.51.100.7' });

    const { delivery } = await requestPasswordReset(db, {
      email: user.email.toUpperCase(),
      ip: randomIp(),
      baseUrl: BASE,
    });
    await delivery;
    const mail = await parsed(await capture.smtp.waitForMessage(sentTo(user.email)));
    expect(mail.headers.get('x-mailroom-notification')).toBe('password-reset');
    const link = linkIn(mail);
    expect(link.origin).toBe(BASE);

    await expect(
      setPasswordWithToken(db, { token: tokenOf(link), password: 'plum orbit cascade 1984 wren' }),
    ).resolves.toMatchObject({ purpose: 'reset' });
    for (const { sessionId } of sessions) expect(await resolveSession(db, { sessionId })).toBeNull();
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, user.id))).toEqual([]);
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, user.email))).toEqual([]);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.password_reset'), eq(auditLog.targetId, user.id)));
    expect(entry?.data).toMatchObject({ sessionsEnded: 2 });
    await expect(
      setPasswordWithToken(db, { token: tokenOf(link), password: 'plum orbit cascade 1984 wren!' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('an expired reset link is refused', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const then = new Date(Date.now() - ACCOUNT_TOKEN_LIFETIME_MS.reset - 1_000);
    await (await requestPasswordReset(db, { email: user.email, ip: randomIp(), baseUrl: BASE, now: then })).delivery;
    const link = linkIn(await parsed(await capture.smtp.waitForMessage(sentTo(user.email))));
    await expect(
      setPasswordWithToken(db, { token: tokenOf(link), password: 'plum orbit cascade 1984 wren' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('answers the same for unknown and deactivated addresses, and sends them nothing', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const leaver = await createTestUser(db, { orgId: org.id });
    await deactivateUser(db, {
      userId: leaver.id,
      actor: { kind: 'user', userId: admin.id, orgId: org.id, role: 'admin' },
    });
    const unknown = randomEmail('nobody');
    const answers = [];
    for (const email of [unknown, leaver.email, admin.email]) {
      const result = await requestPasswordReset(db, { email, ip: randomIp(), baseUrl: BASE });
      answers.push(Object.keys(result));
      await result.delivery;
    }
    expect(new Set(answers.map((a) => a.join()))).toEqual(new Set(['delivery']));
    await capture.smtp.waitForMessage(sentTo(admin.email));
    expect(capture.smtp.messages.filter((m) => sentTo(unknown)(m) || sentTo(leaver.email)(m))).toEqual([]);
  });

  it('a parallel burst for one address gets no more than the limit; without system mail there is no reset', async () => {
    const db = getDb();
    const email = randomEmail('burst');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => requestPasswordReset(db, { email, ip: randomIp(), baseUrl: BASE })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(RESET_LIMIT_PER_EMAIL);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason.code === 'rate_limited'),
    ).toBe(true);

    const ip = randomIp();
    const perAddress = await Promise.allSettled(
      Array.from({ length: 20 }, () => requestPasswordReset(db, { email: randomEmail('many'), ip, baseUrl: BASE })),
    );
    expect(perAddress.filter((r) => r.status === 'fulfilled')).toHaveLength(10);

    vi.stubEnv('SYSTEM_SMTP_URL', '');
    try {
      await expect(requestPasswordReset(db, { email, ip: randomIp(), baseUrl: BASE })).rejects.toMatchObject({
        code: 'unavailable',
      });
    } finally {
      vi.stubEnv('SYSTEM_SMTP_URL', capture.url());
    }
  });
});
