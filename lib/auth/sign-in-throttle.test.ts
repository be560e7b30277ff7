import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
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
      await expect(verifyCredentials(db, { email: user.email, password: 'guess', ip: randomIp(), now })).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    await expect(verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp(), now })).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      userMessage: 'Too many failed sign-ins. Wait 15 minutes and try again.',
    });
    const later = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
    expect((await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp(), now: later })).id).toBe(user.id);
  });

  it('forgets the failures once the right password is given', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
        await expect(verifyCredentials(db, { email: user.email, password: 'guess', ip: randomIp() })).rejects.toMatchObject({ code: 'invalid_credentials' });
      }
      expect((await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp() })).id).toBe(user.id);
    }
  });

  it('slows one address guessing across many accounts, without touching other addresses', async () => {
    const db = getDb();
    const ip = randomIp();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await expect(verifyCredentials(db, { email: `nobody-${i}-${ip}@example.test`, password: 'guess', ip })).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    await expect(verifyCredentials(db, { email: user.email, password: user.password, ip })).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await verifyCredentials(db, { email: user.email, password: user.password, ip: randomIp() })).id).toBe(user.id);
  });
});
