import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { recoveryCodes, signInFailures, users } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { MAX_FAILURES_PER_ACCOUNT } from '../sign-in-throttle';
import { verifyCredentials } from '../verify-credentials';
import { confirmTwoFactorEnrolment } from './confirm-enrolment';
import { disableTwoFactor } from './disable-two-factor';
import { regenerateRecoveryCodes } from './regenerate-recovery-codes';
import { setOrgTwoFactorRequirement } from './require-for-organization';
import { startTwoFactorEnrolment } from './start-enrolment';
import { totpFor, TOTP_PERIOD_S } from './totp';

const STEP_MS = TOTP_PERIOD_S * 1000;
const randomIp = () => `192.0.2.${Math.floor(Math.random() * 250) + 1}-${Math.random().toString(36).slice(2, 8)}`;

async function enrolledUser(now = new Date()) {
  const db = getDb();
  const org = await createTestOrg(db);
  const user = await createTestUser(db, { orgId: org.id, role: 'admin' });
  const actor: Actor = { kind: 'user', userId: user.id, orgId: org.id, role: 'admin' };
  const { secret, otpauthUri, qrDataUrl } = await startTwoFactorEnrolment(db, { userId: user.id, actor });
  expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Mailroom:/);
  expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
  const codeAt = (at: Date) => totpFor(secret, user.email).generate({ timestamp: at.getTime() });
  const { recoveryCodes: codes } = await confirmTwoFactorEnrolment(db, {
    userId: user.id,
    code: codeAt(now),
    actor,
    now,
  });
  return { db, org, user, actor, secret, codeAt, codes };
}

describe('two-factor sign-in', () => {
  afterAll(closeDb);

  it('keeps the secret encrypted and bound to the user, and is on only after a first right code', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const actor: Actor = { kind: 'user', userId: user.id, orgId: org.id, role: 'employee' };
    const { secret } = await startTwoFactorEnrolment(db, { userId: user.id, actor });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpSecret).toMatch(/^v1\./);
    expect(row!.totpSecret).not.toContain(secret);
    expect(row!.totpEnabledAt).toBeNull();
    // Pending: signing in needs no code yet.
    expect((await verifyCredentials(db, { email: user.email, password: user.password })).id).toBe(user.id);
    await expect(confirmTwoFactorEnrolment(db, { userId: user.id, code: '000000', actor })).rejects.toMatchObject({
      code: 'validation',
    });
    const other = await createTestUser(db, { orgId: org.id });
    await expect(startTwoFactorEnrolment(db, { userId: other.id, actor })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('asks for the code after the right password without clearing failures, and signs in with it once', async () => {
    const now = new Date();
    const { db, user, codeAt, codes } = await enrolledUser(new Date(now.getTime() - 3 * STEP_MS));
    expect(codes).toHaveLength(10);
    const ip = randomIp();
    await expect(verifyCredentials(db, { email: user.email, password: user.password, ip, now })).rejects.toMatchObject({
      details: { twoFactor: 'required' },
    });
    await expect(
      verifyCredentials(db, { email: user.email, password: 'wrong', ip, now, secondFactor: { code: codeAt(now) } }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(
      verifyCredentials(db, {
        email: user.email,
        password: user.password,
        ip,
        now,
        secondFactor: { code: '123456' === codeAt(now) ? '654321' : '123456' },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_credentials',
      details: { twoFactor: 'invalid_code' },
    });
    // The missing code, the wrong password and the wrong code are all still counted.
    expect(await db.$count(signInFailures, eq(signInFailures.email, user.email))).toBe(3);
    expect(
      (
        await verifyCredentials(db, {
          email: user.email,
          password: user.password,
          ip,
          now,
          secondFactor: { code: codeAt(now) },
        })
      ).id,
    ).toBe(user.id);
    expect(await db.$count(signInFailures, eq(signInFailures.email, user.email))).toBe(0);
    // The same time step again (a code seen over a shoulder) is refused, also with the neighbouring step's clock.
    await expect(
      verifyCredentials(db, {
        email: user.email,
        password: user.password,
        ip,
        now,
        secondFactor: { code: codeAt(now) },
      }),
    ).rejects.toMatchObject({ details: { twoFactor: 'invalid_code' } });
    await expect(
      verifyCredentials(db, {
        email: user.email,
        password: user.password,
        ip,
        now: new Date(now.getTime() + STEP_MS),
        secondFactor: { code: codeAt(now) },
      }),
    ).rejects.toMatchObject({ details: { twoFactor: 'invalid_code' } });
    // One step of clock drift either way is accepted.
    const later = new Date(now.getTime() + 10 * STEP_MS);
    expect(
      (
        await verifyCredentials(db, {
          email: user.email,
          password: user.password,
          ip,
          now: later,
          secondFactor: { code: codeAt(new Date(later.getTime() - STEP_MS)) },
        })
      ).id,
    ).toBe(user.id);
  });

  it('takes a try for every code guess, so the throttle covers the second factor', async () => {
    const now = new Date();
    const { db, user, codeAt } = await enrolledUser(new Date(now.getTime() - 3 * STEP_MS));
    const wrong = codeAt(now) === '111111' ? '222222' : '111111';
    const guesses = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        verifyCredentials(db, {
          email: user.email,
          password: user.password,
          ip: randomIp(),
          now,
          secondFactor: { code: wrong },
        }),
      ),
    );
    const codes = guesses.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'fulfilled'));
    expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(20 - MAX_FAILURES_PER_ACCOUNT);
    await expect(
      verifyCredentials(db, {
        email: user.email,
        password: user.password,
        ip: randomIp(),
        now,
        secondFactor: { code: codeAt(now) },
      }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('signs in with a recovery code once, in any spelling, and regenerating replaces them all', async () => {
    const { db, user, actor, codeAt, codes } = await enrolledUser();
    const [first, second] = codes;
    const signIn = (recoveryCode: string) =>
      verifyCredentials(db, {
        email: user.email,
        password: user.password,
        ip: randomIp(),
        secondFactor: { recoveryCode },
      });
    expect((await signIn(` ${first!.toUpperCase()} `)).id).toBe(user.id);
    await expect(signIn(first!)).rejects.toMatchObject({ details: { twoFactor: 'invalid_recovery_code' } });
    const spent = await Promise.allSettled([signIn(second!), signIn(second!), signIn(second!)]);
    expect(spent.filter((r) => r.status === 'fulfilled')).toHaveLength(1);

    await expect(regenerateRecoveryCodes(db, { userId: user.id, actor, password: 'not it' })).rejects.toMatchObject({
      code: 'validation',
    });
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(db, {
      userId: user.id,
      actor,
      password: user.password,
    });
    expect(await db.$count(recoveryCodes, eq(recoveryCodes.userId, user.id))).toBe(10);
    await expect(signIn(codes[2]!)).rejects.toMatchObject({ details: { twoFactor: 'invalid_recovery_code' } });
    expect((await signIn(fresh[0]!)).id).toBe(user.id);
    expect(codeAt(new Date())).toMatch(/^\d{6}$/);
  });

  it('turns off only with a current code or the password', async () => {
    const now = new Date();
    const { db, user, actor, codeAt } = await enrolledUser(new Date(now.getTime() - 3 * STEP_MS));
    await expect(disableTwoFactor(db, { userId: user.id, actor, code: '000000', now })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(disableTwoFactor(db, { userId: user.id, actor, now })).rejects.toMatchObject({ code: 'validation' });
    await disableTwoFactor(db, { userId: user.id, actor, code: codeAt(now), now });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await db.$count(recoveryCodes, eq(recoveryCodes.userId, user.id))).toBe(0);
    expect((await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp() })).id).toBe(
      user.id,
    );
  });

  it('lets only an admin with two-factor require it for the organization', async () => {
    const { db, org, user, actor } = await enrolledUser();
    const employee = await createTestUser(db, { orgId: org.id });
    const employeeActor: Actor = { kind: 'user', userId: employee.id, orgId: org.id, role: 'employee' };
    await expect(
      setOrgTwoFactorRequirement(db, { orgId: org.id, required: true, actor: employeeActor }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const otherOrg = await createTestOrg(db);
    await expect(setOrgTwoFactorRequirement(db, { orgId: otherOrg.id, required: true, actor })).rejects.toMatchObject({
      code: 'not_found',
    });
    const otherAdmin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const otherAdminActor: Actor = { kind: 'user', userId: otherAdmin.id, orgId: org.id, role: 'admin' };
    await expect(
      setOrgTwoFactorRequirement(db, { orgId: org.id, required: true, actor: otherAdminActor }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await setOrgTwoFactorRequirement(db, { orgId: org.id, required: true, actor });
    expect(user.id).toBeTruthy();
  });
});
