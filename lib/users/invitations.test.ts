import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { linkIn, parsed, sentTo, useSystemMailCapture } from '@/test/system-mail-capture';
import type { Actor } from '../access/actor';
import { ACCOUNT_TOKEN_LIFETIME_MS, listPendingInvitations } from '../auth/account-tokens';
import { describeAccountLink, setPasswordWithToken } from '../auth/set-password-with-token';
import { verifyPassword } from '../crypto/password';
import { inviteUser, reissueInvitation } from './invite-user';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});
const BASE = 'https://mailroom.example.test';
const NEW_PASSWORD = 'violet kettle harbour 42 lantern';
const tokenOf = (link: string | URL) => new URL(link).pathname.split('/').pop()!;

async function orgWithAdmin() {
  const db = getDb();
  const org = await createTestOrg(db, { plan: 'standard' });
  const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
  return { db, org, admin, actor: asUser(admin) };
}

describe('invitations', () => {
  const capture = useSystemMailCapture();

  it('mails a one-time link with the notification header; it sets the password once, and is audited', async () => {
    const { db, org, actor } = await orgWithAdmin();
    const email = randomEmail('invitee');
    const invitation = await inviteUser(db, { orgId: org.id, email, name: 'Ivy Invitee', actor, baseUrl: BASE });
    expect(invitation).toMatchObject({ mailed: true, link: null, user: { email, role: 'employee' } });
    expect(invitation.user).not.toHaveProperty('passwordHash');

    const mail = await parsed(await capture.smtp.waitForMessage(sentTo(email)));
    expect(mail.headers.get('x-mailroom-notification')).toBe('invitation');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.from?.text).toContain('mailroom@mailroom.test');
    const link = linkIn(mail);
    expect(link.origin).toBe(BASE);
    expect(mail.html).toContain(`href="${link}"`);
    expect((await listPendingInvitations(db, { actor, orgId: org.id })).has(invitation.user.id)).toBe(true);

    const token = tokenOf(link);
    expect(await describeAccountLink(db, { token })).toEqual({ purpose: 'invite', email, name: 'Ivy Invitee' });
    // A weak password is refused and leaves the link working.
    await expect(setPasswordWithToken(db, { token, password: 'ivy invitee' })).rejects.toMatchObject({
      code: 'validation',
    });
    expect(await setPasswordWithToken(db, { token, password: NEW_PASSWORD })).toMatchObject({
      purpose: 'invite',
      email,
    });
    const [row] = await db.select().from(users).where(eq(users.id, invitation.user.id));
    expect(await verifyPassword(row!.passwordHash, NEW_PASSWORD)).toBe(true);

    await expect(setPasswordWithToken(db, { token, password: 'another quiet orchard 77' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await describeAccountLink(db, { token })).toBeNull();
    expect((await listPendingInvitations(db, { actor, orgId: org.id })).has(invitation.user.id)).toBe(false);
    await expect(reissueInvitation(db, { userId: invitation.user.id, actor, baseUrl: BASE })).rejects.toMatchObject({
      code: 'conflict',
    });
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, invitation.user.id));
    expect(audit.map((e) => e.action).sort()).toEqual(['user.created', 'user.invitation_accepted', 'user.invited']);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('two tabs submitting the same link at once set the password once', async () => {
    const { db, org, actor } = await orgWithAdmin();
    vi.stubEnv('SYSTEM_SMTP_URL', '');
    const { link } = await inviteUser(db, { orgId: org.id, email: randomEmail('twice'), actor, baseUrl: BASE });
    vi.stubEnv('SYSTEM_SMTP_URL', capture.url());
    const token = tokenOf(link!);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => setPasswordWithToken(db, { token, password: `${NEW_PASSWORD} ${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      ['conflict', 'conflict', 'conflict', 'conflict'],
    );
  });

  it('without system mail the admin gets the link; a new link replaces the old; an expired one is refused', async () => {
    const { db, org, actor } = await orgWithAdmin();
    vi.stubEnv('SYSTEM_SMTP_URL', '');
    try {
      const email = randomEmail('nomail');
      const longAgo = new Date(Date.now() - ACCOUNT_TOKEN_LIFETIME_MS.invite - 60_000);
      const first = await inviteUser(db, {
        orgId: org.id,
        email,
        actor,
        baseUrl: 'http://localhost:3000',
        now: longAgo,
      });
      expect(first).toMatchObject({
        mailed: false,
        link: expect.stringMatching(/^http:\/\/localhost:3000\/set-password\/[\w-]{43}$/),
      });
      expect(capture.smtp.messages.filter(sentTo(email))).toEqual([]);
      await expect(
        setPasswordWithToken(db, { token: tokenOf(first.link!), password: NEW_PASSWORD }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect(await describeAccountLink(db, { token: tokenOf(first.link!) })).toBeNull();

      const second = await reissueInvitation(db, { userId: first.user.id, actor, baseUrl: 'http://localhost:3000' });
      const third = await reissueInvitation(db, { userId: first.user.id, actor, baseUrl: 'http://localhost:3000' });
      await expect(
        setPasswordWithToken(db, { token: tokenOf(second.link!), password: NEW_PASSWORD }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await setPasswordWithToken(db, { token: tokenOf(third.link!), password: NEW_PASSWORD });
      await expect(setPasswordWithToken(db, { token: 'not-a-token', password: NEW_PASSWORD })).rejects.toMatchObject({
        code: 'conflict',
      });
    } finally {
      vi.stubEnv('SYSTEM_SMTP_URL', capture.url());
    }
  });

  it('only admins of the organization invite; a dead relay still hands the admin the link', async () => {
    const { db, org, admin, actor } = await orgWithAdmin();
    const employee = await createTestUser(db, { orgId: org.id });
    await expect(
      inviteUser(db, { orgId: org.id, email: randomEmail(), actor: asUser(employee), baseUrl: BASE }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const other = await orgWithAdmin();
    await expect(
      inviteUser(db, { orgId: org.id, email: randomEmail(), actor: other.actor, baseUrl: BASE }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(inviteUser(db, { orgId: org.id, email: admin.email, actor, baseUrl: BASE })).rejects.toMatchObject({
      code: 'conflict',
    });

    // A port nothing listens on: the capture's, once stopped, would do too, but it is shared by the file.
    vi.stubEnv('SYSTEM_SMTP_URL', 'smtp://127.0.0.1:1');
    try {
      const invitation = await inviteUser(db, { orgId: org.id, email: randomEmail('relaydown'), actor, baseUrl: BASE });
      expect(invitation).toMatchObject({ mailed: false, link: expect.stringContaining(`${BASE}/set-password/`) });
    } finally {
      vi.stubEnv('SYSTEM_SMTP_URL', capture.url());
    }
  });
});
