import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors';

export const secretNames = ['AUTH_SECRET', 'ENCRYPTION_KEY', 'CRON_SECRET'] as const;
export type SecretName = (typeof secretNames)[number];

export type Env = {
  production: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  authSecret: string;
  encryptionKey: string;
  encryptionKeysOld: string[];
  cronSecret: string;
};

export function dataDir(): string {
  // Runtime configuration, not a build input: keep the bundler from tracing the whole project through it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.MAILROOM_DATA_DIR ?? path.join(process.cwd(), '.data'));
}

function generateSecret(name: SecretName): string {
  // The encryption key must be exactly 32 bytes for AES-256; the others are random tokens.
  return randomBytes(32).toString(name === 'ENCRYPTION_KEY' ? 'base64' : 'base64url');
}

function secretsFile(): string {
  return path.join(dataDir(), 'secrets.json');
}

function readStoredSecrets(): Partial<Record<SecretName, string>> {
  const file = secretsFile();
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

function missingSecretsError(missing: readonly SecretName[], hint: string): AppError {
  return new AppError('config', {
    message: `Missing required environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. ${hint}`,
  });
}

/**
 * The secrets that are configured: the environment, then (development only) those kept in .data/secrets.json,
 * copied into process.env. Makes none. Returns the names still unset; in production any unset one is an error.
 */
export function loadConfiguredSecrets(): SecretName[] {
  const missing = secretNames.filter((name) => !process.env[name]);
  if (missing.length === 0) return [];
  if (process.env.NODE_ENV === 'production') {
    throw missingSecretsError(
      missing,
      'Set them before starting Mailroom in production (see README, "Configuration").',
    );
  }
  const stored = readStoredSecrets();
  for (const name of missing) if (stored[name]) process.env[name] = stored[name];
  return secretNames.filter((name) => !process.env[name]);
}

/**
 * Development convenience: makes the given secrets once and keeps them in .data/secrets.json (mode 0600), so
 * encrypted mailbox passwords stay readable across restarts, and sets them in process.env. Production must
 * configure them explicitly.
 */
export function generateDevelopmentSecrets(names: readonly SecretName[]): void {
  if (names.length === 0) return;
  if (process.env.NODE_ENV === 'production')
    throw missingSecretsError(names, 'Mailroom makes secrets only in development.');
  const stored = readStoredSecrets();
  for (const name of names) stored[name] ??= generateSecret(name);
  mkdirSync(dataDir(), { recursive: true });
  writeFileSync(secretsFile(), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  chmodSync(secretsFile(), 0o600);
  for (const name of names) process.env[name] = stored[name];
}

/**
 * Fills unset secrets into process.env (development: from .data/secrets.json, made there when absent) or
 * throws naming every missing one (production). The CLI does not use this: it makes secrets only for an
 * empty database (cli/secrets.ts), since a key it made up cannot read what the server encrypted.
 */
export function ensureSecrets(): void {
  generateDevelopmentSecrets(loadConfiguredSecrets());
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  ensureSecrets();
  cached = {
    production: process.env.NODE_ENV === 'production',
    dataDir: dataDir(),
    databaseUrl: process.env.DATABASE_URL || undefined,
    authSecret: process.env.AUTH_SECRET!,
    encryptionKey: process.env.ENCRYPTION_KEY!,
    encryptionKeysOld: (process.env.ENCRYPTION_KEYS_OLD ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    cronSecret: process.env.CRON_SECRET!,
  };
  return cached;
}
