import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailboxes } from '@/db/schema';
import { createKeyring } from '@/lib/crypto/secret-box';
import { secretNames } from '@/lib/env';
import { createIsolatedDatabase } from '@/test/database';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import { cliWith } from './run-cli';

// The CLI run as an operator would on the server without its environment: no secrets set, a data folder of
// its own (where it would write .data/secrets.json) and a database of its own.
describe('CLI secrets', { timeout: 120_000 }, () => {
  let dir: string;
  const databases: Array<Awaited<ReturnType<typeof createIsolatedDatabase>>> = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mailroom-cli-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => Promise.all(databases.map((d) => d.drop())));

  async function database() {
    const created = await createIsolatedDatabase();
    databases.push(created);
    return created;
  }

  function envWithout(url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      MAILROOM_DATA_DIR: dir,
      NODE_ENV: 'development',
    };
    for (const name of [...secretNames, 'ENCRYPTION_KEYS_OLD']) delete env[name];
    return { ...env, ...extra };
  }
  const secretsFile = () => path.join(dir, 'secrets.json');

  it('refuses to mint secrets over mailbox credentials encrypted under the server key, naming the key id', async () => {
    const db = await database();
    const org = await createTestOrg(db.db);
    const owner = await createTestUser(db.db, { orgId: org.id });
    await createTestMailbox(db.db, { orgId: org.id, ownerUserId: owner.id });
    const serverKeyId = createKeyring(process.env.ENCRYPTION_KEY!).currentId;

    const refused = await cliWith({ env: envWithout(db.url) }, 'user:list', '--org', org.id, '--json');
    expect(refused.code).toBe(4);
    const message = JSON.parse(refused.stdout).error.message as string;
    expect(message).toContain(
      `AUTH_SECRET, ENCRYPTION_KEY and CRON_SECRET are not set; this database has mailbox credentials encrypted with key id ${serverKeyId}.`,
    );
    expect(message).toContain("Set ENCRYPTION_KEY (and AUTH_SECRET and CRON_SECRET) to the server's values");
    expect(refused.stderr).toBe(`Error: ${message}\n`);
    expect(existsSync(secretsFile())).toBe(false);

    // Only the key missing: the same, for it alone.
    const keyOnly = await cliWith(
      { env: envWithout(db.url, { AUTH_SECRET: 'a', CRON_SECRET: 'b' }) },
      'user:list',
      '--org',
      org.id,
    );
    expect(keyOnly.code).toBe(4);
    expect(keyOnly.stderr).toContain(
      `ENCRYPTION_KEY is not set; this database has mailbox credentials encrypted with key id ${serverKeyId}. Set ENCRYPTION_KEY to`,
    );
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('refuses to mint secrets for a database already in use, and in production', async () => {
    const db = await database();
    const org = await createTestOrg(db.db);
    const inUse = await cliWith({ env: envWithout(db.url) }, 'user:list', '--org', org.id);
    expect(inUse.code).toBe(4);
    expect(inUse.stderr).toContain('this database already belongs to a Mailroom server (it has organizations)');
    expect(existsSync(secretsFile())).toBe(false);

    const empty = await database();
    const production = await cliWith(
      { env: envWithout(empty.url, { NODE_ENV: 'production' }) },
      'org:create',
      '--name',
      'X',
    );
    expect(production.code).toBe(4);
    expect(production.stderr).toContain(
      'Missing required environment variables: AUTH_SECRET, ENCRYPTION_KEY, CRON_SECRET.',
    );
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('makes development secrets for an empty database, and uses them from then on', async () => {
    const db = await database();
    const created = await cliWith({ env: envWithout(db.url) }, 'org:create', '--name', 'First', '--json');
    expect(created.code).toBe(0);
    const stored = JSON.parse(readFileSync(secretsFile(), 'utf8'));
    expect(Object.keys(stored).sort()).toEqual([...secretNames].sort());
    const listed = await cliWith(
      { env: envWithout(db.url) },
      'user:list',
      '--org',
      JSON.parse(created.stdout).organization.id,
    );
    expect(listed.code).toBe(0);
    expect(JSON.parse(readFileSync(secretsFile(), 'utf8'))).toEqual(stored);
  });

  it('names the key a mailbox was encrypted with when this environment does not have it', async () => {
    const db = await database();
    const org = await createTestOrg(db.db);
    const owner = await createTestUser(db.db, { orgId: org.id });
    const mailbox = await createTestMailbox(db.db, { orgId: org.id, ownerUserId: owner.id });
    const serverKeyId = createKeyring(process.env.ENCRYPTION_KEY!).currentId;
    // Another checkout's secrets: configured, so nothing is made, but not the server's key.
    const other = {
      AUTH_SECRET: 'x'.repeat(43),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      CRON_SECRET: 'y'.repeat(43),
    };
    writeFileSync(secretsFile(), JSON.stringify(other));

    const synced = await cliWith({ env: envWithout(db.url) }, 'mailbox:sync', '--id', mailbox.id);
    expect(synced.code).toBe(4);
    expect(synced.stderr).toContain(
      `Warning: 1 mailbox credentials in this database are encrypted with key id ${serverKeyId}`,
    );
    expect(synced.stderr).toContain(`Secret was encrypted with key ${serverKeyId}`);
    const [row] = await db.db.select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
    expect(row!.lastErrorMessage).toBe(
      `This mailbox's password is encrypted with key ${serverKeyId}, which this server does not have. ` +
        'An operator can add that key to ENCRYPTION_KEYS_OLD (it is in the environment or .data/secrets.json of the process that saved it).',
    );
    expect(JSON.parse(readFileSync(secretsFile(), 'utf8'))).toEqual(other);
  });
});
