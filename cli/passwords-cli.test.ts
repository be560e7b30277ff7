import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { authSessions, users } from '@/db/schema';
import { createSession } from '@/lib/auth/sessions';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { cliWith } from './run-cli';

const STRONG = 'zebra kite lantern';

// Each case starts the CLI in tsx several times: seconds apiece on a loaded 2-core machine.
describe('CLI passwords', { timeout: 120_000 }, () => {
  afterAll(closeDb);

  it('takes a password from standard input or MAILROOM_PASSWORD, and --password only with a warning', async () => {
    const org = await createTestOrg(getDb());
    const fromStdin = randomEmail('stdin');
    const piped = await cliWith(
      { input: `${STRONG}\nignored second line\n` },
      'user:create',
      '--org',
      org.id,
      '--email',
      fromStdin,
      '--password-stdin',
      '--json',
    );
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect((await verifyCredentials(getDb(), { email: fromStdin, password: STRONG })).email).toBe(fromStdin);

    const fromEnv = randomEmail('env');
    const env = await cliWith(
      { env: { ...process.env, MAILROOM_PASSWORD: STRONG } },
      'user:create',
      '--org',
      org.id,
      '--email',
      fromEnv,
    );
    expect(env.code).toBe(0);
    expect(env.stderr).toBe('');
    expect((await verifyCredentials(getDb(), { email: fromEnv, password: STRONG })).email).toBe(fromEnv);

    const fromArgument = randomEmail('arg');
    const argument = await cliWith({}, 'user:create', '--org', org.id, '--email', fromArgument, '--password', STRONG);
    expect(argument.code).toBe(0);
    expect(argument.stderr).toContain('visible to other users in the process list');

    const none = await cliWith(
      { env: { ...process.env, MAILROOM_PASSWORD: '' } },
      'user:create',
      '--org',
      org.id,
      '--email',
      randomEmail(),
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Give the password with --password-stdin');
    const empty = await cliWith(
      { input: '' },
      'user:create',
      '--org',
      org.id,
      '--email',
      randomEmail(),
      '--password-stdin',
    );
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('No password on standard input');
  });

  it('refuses weak passwords and ones made of the e-mail or name, saying why, and creates no user', async () => {
    const org = await createTestOrg(getDb());
    const email = randomEmail('weak');
    const cases: Array<[string, RegExp]> = [
      ['aaaaaaaaaa', /too easy to guess/],
      ['1234567890', /too easy to guess/],
      ['password123!', /too easy to guess/],
      [email, /must not contain your e-mail address or your name/],
      ['Grace1906!!', /must not contain your e-mail address or your name/],
    ];
    for (const [password, reason] of cases) {
      const refused = await cliWith(
        { input: `${password}\n` },
        'user:create',
        '--org',
        org.id,
        '--email',
        email,
        '--name',
        'Grace Hopper',
        '--password-stdin',
        '--json',
      );
      expect(refused.code, password).toBe(2);
      expect(JSON.parse(refused.stdout).error, password).toMatchObject({
        code: 'validation',
        message: expect.stringMatching(reason),
      });
    }
    expect(await getDb().select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  it('user:set-password sets a strong password, ends the sessions and refuses a weak one', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id, name: 'Linus Pauling' });
    await createSession(db, { userId: user.id, orgId: org.id });

    const weak = await cliWith(
      { input: 'pauling1901\n' },
      'user:set-password',
      '--email',
      user.email,
      '--password-stdin',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('must not contain your e-mail address or your name');
    expect((await verifyCredentials(db, { email: user.email, password: user.password })).id).toBe(user.id);

    const set = await cliWith({ input: `${STRONG}\n` }, 'user:set-password', '--email', user.email, '--password-stdin');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`Set the password of ${user.email}; 1 session(s) ended`);
    expect((await verifyCredentials(db, { email: user.email, password: STRONG })).id).toBe(user.id);
    await expect(verifyCredentials(db, { email: user.email, password: user.password })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, user.id))).toEqual([]);
  });
});
