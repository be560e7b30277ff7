import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSecrets, generateDevelopmentSecrets, loadConfiguredSecrets, secretNames } from './env';

describe('secrets', () => {
  let saved: NodeJS.ProcessEnv;
  let dir: string;
  beforeEach(() => {
    saved = { ...process.env };
    dir = mkdtempSync(path.join(os.tmpdir(), 'mailroom-env-'));
    process.env.MAILROOM_DATA_DIR = dir;
    for (const name of secretNames) delete process.env[name];
  });
  afterEach(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a production start, naming every missing variable', () => {
    Object.assign(process.env, { NODE_ENV: 'production', ENCRYPTION_KEY: 'set' });
    expect(() => ensureSecrets()).toThrow('Missing required environment variables: AUTH_SECRET, CRON_SECRET.');
  });

  it('generates development secrets once into the data folder, readable only by the owner, and reuses them', () => {
    Object.assign(process.env, { NODE_ENV: 'development' });
    ensureSecrets();
    const first = secretNames.map((name) => process.env[name]);
    expect(first.every((value) => value && value.length >= 32)).toBe(true);
    expect(Buffer.from(process.env.ENCRYPTION_KEY!, 'base64')).toHaveLength(32);
    const file = path.join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    for (const name of secretNames) delete process.env[name];
    ensureSecrets();
    expect(secretNames.map((name) => process.env[name])).toEqual(first);
    expect(JSON.parse(readFileSync(file, 'utf8')).AUTH_SECRET).toBe(first[0]);
  });

  it('leaves explicitly configured secrets alone', () => {
    Object.assign(process.env, { NODE_ENV: 'development', AUTH_SECRET: 'mine' });
    ensureSecrets();
    expect(process.env.AUTH_SECRET).toBe('mine');
  });

  it('loads configured and stored secrets without making any (what the CLI does before it knows the database)', () => {
    Object.assign(process.env, { NODE_ENV: 'development', AUTH_SECRET: 'from-env' });
    expect(loadConfiguredSecrets()).toEqual(['ENCRYPTION_KEY', 'CRON_SECRET']);
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);

    writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ ENCRYPTION_KEY: 'stored-key' }));
    delete process.env.ENCRYPTION_KEY;
    expect(loadConfiguredSecrets()).toEqual(['CRON_SECRET']);
    expect(process.env.ENCRYPTION_KEY).toBe('stored-key');
    expect(process.env.AUTH_SECRET).toBe('from-env');
  });

  it('never makes secrets in production', () => {
    Object.assign(process.env, { NODE_ENV: 'production' });
    expect(() => generateDevelopmentSecrets(['ENCRYPTION_KEY'])).toThrow(
      'Missing required environment variable: ENCRYPTION_KEY.',
    );
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);
  });
});
