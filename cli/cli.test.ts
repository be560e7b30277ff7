import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, messages, organizations, users } from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { cli } from './run-cli';

// Each case starts the CLI in tsx several times: seconds apiece while the rest of the suite loads both cores.
describe('admin CLI', { timeout: 120_000 }, () => {
  afterAll(closeDb);

  it('creates an organization and users, changes the plan and deactivates, printing JSON with ids', async () => {
    const org = await cli('org:create', '--name', 'CLI Org', '--plan', 'basic', '--json');
    expect(org.code).toBe(0);
    const { organization } = JSON.parse(org.stdout);
    expect(organization).toMatchObject({ name: 'CLI Org', plan: 'basic', trialEndsAt: null });

    const email = randomEmail('cli');
    const created = await cli(
      'user:create',
      '--org',
      organization.id,
      '--email',
      email,
      '--password',
      'a long password',
      '--role',
      'admin',
      '--json',
    );
    expect(created.code).toBe(0);
    const { user } = JSON.parse(created.stdout);
    expect(user).toMatchObject({ email, role: 'admin', active: true, orgId: organization.id });
    expect(user).not.toHaveProperty('passwordHash');
    expect((await verifyCredentials(getDb(), { email, password: 'a long password' })).id).toBe(user.id);

    const plan = await cli('plan:set', '--org', organization.id, '--plan', 'trial', '--json');
    expect(JSON.parse(plan.stdout).organization.plan).toBe('trial');
    const [stored] = await getDb().select().from(organizations).where(eq(organizations.id, organization.id));
    expect(stored!.trialEndsAt).not.toBeNull();

    const shown = JSON.parse((await cli('plan:show', '--org', organization.id, '--json')).stdout);
    expect(shown.overview).toMatchObject({
      plan: { planId: 'trial', trialDaysLeft: 15 },
      mailboxesPerEmployee: { limit: 10, used: 0, remaining: 10 },
    });
    const dryRun = await cli('plan:set', '--org', organization.id, '--plan', 'free', '--dry-run', '--json');
    expect(JSON.parse(dryRun.stdout).preview).toMatchObject({ from: 'trial', to: 'free', mailAvailable: false });
    expect(JSON.parse((await cli('plan:show', '--org', organization.id, '--json')).stdout).overview.plan.planId).toBe(
      'trial',
    );

    const employee = randomEmail('cli');
    await cli('user:create', '--org', organization.id, '--email', employee, '--password', 'a long password', '--json');
    const deactivated = await cli('user:deactivate', '--email', employee);
    expect(deactivated.code).toBe(0);
    expect(deactivated.stdout).toContain(`Deactivated ${employee}`);
    const [row] = await getDb().select().from(users).where(eq(users.email, employee));
    expect(row!.active).toBe(false);

    const actions = (await getDb().select().from(auditLog).where(eq(auditLog.orgId, organization.id))).map((e) => [
      e.action,
      e.actorKind,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['organization.created', 'cli'],
        ['user.created', 'cli'],
        ['plan.changed', 'cli'],
        ['user.deactivated', 'cli'],
      ]),
    );
    // Eight CLI processes, each starting tsx; on two busy cores (the whole suite runs at once) that is slow.
  });

  it('purges one organization: a dry run only counts, the real run deletes and reports', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'basic' });
    const owner = await createTestUser(db, { orgId: org.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    const [old] = await createTestMessages(db, {
      orgId: org.id,
      mailboxId: mailbox.id,
      count: 1,
      receivedAt: () => new Date(Date.now() - 10 * 24 * 60 * 60 * 1000),
    });

    const dry = await cli('purge', '--org', org.id, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      status: 'done',
      dryRun: true,
      organizations: [{ orgId: org.id, deleted: 1 }],
    });
    expect(await db.select().from(messages).where(eq(messages.id, old!))).toHaveLength(1);

    const real = await cli('purge', '--org', org.id);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain(`${org.id}: deleted 1, hidden 0 (CRM), kept 0 (tasks)`);
    expect(await db.select().from(messages).where(eq(messages.id, old!))).toEqual([]);
  });

  it('explains wrong arguments and exits non-zero', async () => {
    const missing = await cli('org:create');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--name <name>' not specified");

    const badPlan = await cli('org:create', '--name', 'X', '--plan', 'platinum', '--json');
    expect(badPlan.code).toBe(2);
    expect(JSON.parse(badPlan.stdout)).toEqual({ ok: false, error: { code: 'validation', message: 'Unknown plan.' } });

    const badOrg = await cli('user:create', '--org', 'nope', '--email', randomEmail(), '--password', 'a long password');
    expect(badOrg.code).toBe(3);
    expect(badOrg.stderr).toContain('No such organization.');

    const unknown = await cli('user:frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'user:frobnicate'");
  });

  it('answers "No such …" with exit code 3 for malformed and unknown ids, never SQL or a stack', async () => {
    const cases: Array<[string[], string]> = [
      [['plan:show', '--org', 'not-a-uuid'], 'No such organization.'],
      [['plan:set', '--org', '-'.repeat(36), '--plan', 'basic'], 'No such organization.'],
      [['user:list', '--org', randomUUID()], 'No such organization.'],
      [['purge', '--org', 'not-a-uuid', '--dry-run'], 'No such organization.'],
      [['mailbox:list', '--org', "x' or 1=1 --"], 'No such organization.'],
      [['user:role', '--id', 'nope', '--role', 'admin'], 'No such user.'],
      [['mailbox:sync', '--id', 'nope'], 'No such mailbox.'],
      [['mailbox:remove', '--id', randomUUID()], 'No such mailbox.'],
    ];
    for (const [args, message] of cases) {
      const text = await cli(...args);
      expect(text.code, args.join(' ')).toBe(3);
      expect(text.stderr, args.join(' ')).toBe(`Error: ${message}\n`);
      expect(text.stdout, args.join(' ')).toBe('');
    }
    const json = await cli('plan:show', '--org', 'not-a-uuid', '--json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such organization.' },
    });
  });

  it('applies migrations on demand', async () => {
    const migrated = await cli('db:migrate', '--json');
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ ok: true, migrated: true });
  });
});
