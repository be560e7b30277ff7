import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedDatabase } from '@/test/database';
import { verifyCredentials } from '../auth/verify-credentials';
import { completeSetup } from './complete-setup';
import { isSetupNeeded } from './is-setup-needed';

// Setup is instance-wide ("no user exists yet"), so these tests get a database of their own.
describe('first-run setup', () => {
  let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
  beforeAll(async () => {
    database = await createIsolatedDatabase();
  });
  afterAll(() => database.drop());

  const input = { orgName: 'Acme', adminName: 'Ada', adminEmail: 'Ada@Acme.test', password: 'correct horse battery' };

  // First, while setup is still possible: without the rule these would create the organization.
  it.each(['aaaaaaaaaa', '1234567890', 'password123!', 'ada@acme.test', 'Ada2024!x?'])(
    'refuses the weak password %j with the reason',
    async (password) => {
      await expect(completeSetup(database.db, { ...input, password })).rejects.toMatchObject({
        code: 'validation',
        userMessage: expect.stringMatching(/too easy to guess|must not contain your e-mail address or your name/),
        details: { fieldErrors: { password: expect.any(String) } },
      });
      expect(await isSetupNeeded(database.db)).toBe(true);
    },
  );

  it('creates the organization on a 15-day trial and its admin, once; a second or parallel setup is refused', async () => {
    expect(await isSetupNeeded(database.db)).toBe(true);
    const now = new Date('2026-11-23T12:00:00Z');
    const results = await Promise.allSettled([
      completeSetup(database.db, { ...input, now }),
      completeSetup(database.db, { ...input, orgName: 'Other', adminEmail: 'other@acme.test', now }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'setup_complete' });

    const { org, admin } = (fulfilled[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof completeSetup>>>).value;
    expect(org.plan).toBe('trial');
    expect(org.trialEndsAt?.toISOString()).toBe('2026-12-08T12:00:00.000Z');
    expect(admin.role).toBe('admin');
    expect(admin).not.toHaveProperty('passwordHash');
    expect(await isSetupNeeded(database.db)).toBe(false);

    const signedIn = await verifyCredentials(database.db, {
      email: admin.email.toUpperCase(),
      password: input.password,
    });
    expect(signedIn.id).toBe(admin.id);
    await expect(completeSetup(database.db, { ...input, adminEmail: 'late@acme.test' })).rejects.toMatchObject({
      code: 'setup_complete',
    });
  });

  it('rejects invalid input with a message per field', async () => {
    await expect(
      completeSetup(database.db, { ...input, adminEmail: 'not-an-email', password: 'short' }),
    ).rejects.toMatchObject({
      code: 'validation',
      details: {
        fieldErrors: {
          adminEmail: 'Enter a valid email address.',
          password: 'Use at least 10 characters for the password.',
        },
      },
    });
  });
});
