import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { signInFailures } from '@/db/schema';
import { isAppError } from '@/lib/errors';
import { createTestOrg, createTestUser } from '@/test/factories';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, THROTTLE_WINDOW_MS } from './sign-in-throttle';
import { verifyCredentials } from './verify-credentials';

const randomIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${Math.random().toString(36).slice(2, 8)}`;

describe('sign-in throttling', () => {
  afterAll(closeDb);

  it('locks an account after 5 wrong passwords for 15 minutes, even against the right one, then lets it in', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const now = new Date();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      await expect(
        verifyCredentials(db, { email: user.email, password: 'guess', ip: randomIp(), now }),
      ).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    await expect(
      verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp(), now }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      userMessage: 'Too many failed sign-ins. Wait 15 minutes and try again.',
    });
    const later = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
    expect(
      (await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp(), now: later })).id,
    ).toBe(user.id);
  });

  it('forgets the failures once the right password is given', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
        await expect(
          verifyCredentials(db, { email: user.email, password: 'guess', ip: randomIp() }),
        ).rejects.toMatchObject({ code: 'invalid_credentials' });
      }
      expect((await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp() })).id).toBe(
        user.id,
      );
    }
  });

  it('slows one address guessing across many accounts, without touching other addresses', async () => {
    const db = getDb();
    const ip = randomIp();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await expect(
        verifyCredentials(db, { email: `nobody-${i}-${ip}@example.test`, password: 'guess', ip }),
      ).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    await expect(verifyCredentials(db, { email: user.email, password: user.password, ip })).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect((await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp() })).id).toBe(
      user.id,
    );
  });

  // Outcomes of parallel sign-ins: how many had their password checked (wrong or right) and how many were refused.
  async function burst(
    attempts: Array<() => Promise<unknown>>,
  ): Promise<{ verified: number; signedIn: number; throttled: number }> {
    const results = await Promise.allSettled(attempts.map((attempt) => attempt()));
    const code = (r: PromiseSettledResult<unknown>) =>
      r.status === 'rejected' && isAppError(r.reason) ? r.reason.code : r.status;
    const other = results.filter((r) => !['invalid_credentials', 'rate_limited', 'fulfilled'].includes(code(r)));
    expect(other).toEqual([]);
    const signedIn = results.filter((r) => r.status === 'fulfilled').length;
    return {
      verified: results.filter((r) => code(r) === 'invalid_credentials').length + signedIn,
      signedIn,
      throttled: results.filter((r) => code(r) === 'rate_limited').length,
    };
  }

  it('lets no more than the limit of 100 parallel guesses for one account have their password checked', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const outcome = await burst(
      Array.from(
        { length: 100 },
        () => () => verifyCredentials(db, { email: user.email, password: 'guess', ip: randomIp() }),
      ),
    );
    expect(outcome).toEqual({
      verified: MAX_FAILURES_PER_ACCOUNT,
      signedIn: 0,
      throttled: 100 - MAX_FAILURES_PER_ACCOUNT,
    });
    expect(await db.$count(signInFailures, eq(signInFailures.email, user.email))).toBe(MAX_FAILURES_PER_ACCOUNT);
  });

  it('checks the right password hidden in a burst of guesses only if it is among the first tries', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const attempts = Array.from(
      { length: 40 },
      (_, i) => () =>
        verifyCredentials(db, { email: user.email, password: i === 34 ? user.password : 'guess', ip: randomIp() }),
    );
    const outcome = await burst(attempts);
    expect(outcome.verified).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    expect(outcome.throttled).toBe(40 - outcome.verified);
  });

  it('lets no more than the address limit of 100 parallel guesses across accounts be checked', async () => {
    const db = getDb();
    const ip = randomIp();
    const outcome = await burst(
      Array.from(
        { length: 100 },
        (_, i) => () => verifyCredentials(db, { email: `burst-${i}-${ip}@example.test`, password: 'guess', ip }),
      ),
    );
    expect(outcome).toEqual({ verified: MAX_FAILURES_PER_IP, signedIn: 0, throttled: 100 - MAX_FAILURES_PER_IP });
  });

  it('lets strangers exhaust only their own allowance: a known device keeps its tries and signs in', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const device = `device-${Math.random().toString(36).slice(2)}`;
    const strangers = await burst(
      Array.from(
        { length: 50 },
        () => () => verifyCredentials(db, { email: user.email, password: 'guess', ip: randomIp() }),
      ),
    );
    expect(strangers).toEqual({
      verified: MAX_FAILURES_PER_ACCOUNT,
      signedIn: 0,
      throttled: 50 - MAX_FAILURES_PER_ACCOUNT,
    });
    await expect(
      verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp() }),
    ).rejects.toMatchObject({ code: 'rate_limited' });

    // The owner's browser, parallel typos included, still has its own tries, and the right password gets in.
    const owner = await burst(
      Array.from(
        { length: 3 },
        () => () => verifyCredentials(db, { email: user.email, password: 'typo', ip: randomIp(), device }),
      ),
    );
    expect(owner).toEqual({ verified: 3, signedIn: 0, throttled: 0 });
    expect(
      (await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp(), device })).id,
    ).toBe(user.id);
    // Its success does not hand strangers new tries.
    await expect(
      verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp() }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('gives a known device no more than its own limit in a burst, and the address limit still applies to it', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    const device = `device-${Math.random().toString(36).slice(2)}`;
    const outcome = await burst(
      Array.from(
        { length: 40 },
        () => () => verifyCredentials(db, { email: user.email, password: 'guess', ip: randomIp(), device }),
      ),
    );
    expect(outcome).toEqual({
      verified: MAX_FAILURES_PER_ACCOUNT,
      signedIn: 0,
      throttled: 40 - MAX_FAILURES_PER_ACCOUNT,
    });

    const ip = randomIp();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await expect(
        verifyCredentials(db, { email: `nobody-${i}-${ip}@example.test`, password: 'guess', ip }),
      ).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    const other = await createTestUser(db, { orgId: org.id });
    await expect(
      verifyCredentials(db, { email: other.email, password: other.password, ip, device: 'another-device-id' }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
