import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors';

export const secretNames = ['AUTH_SECRET', 'ENCRYPTION_KEY', 'CRON_SECRET'] as const;
type SecretName = (typeof secretNames)[number];

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

// Development convenience: secrets that are unset are generated once and kept in .data/secrets.json, so
// encrypted mailbox passwords stay readable across restarts. Production must configure them explicitly.
function loadDevelopmentSecrets(): Record<SecretName, string> {
  const dir = dataDir();
  const file = path.join(dir, 'secrets.json');
  const stored: Partial<Record<SecretName, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const name of secretNames) {
    if (!stored[name]) {
      stored[name] = generateSecret(name);
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return stored as Record<SecretName, string>;
}

/** Fills unset secrets into process.env (development) or throws naming every missing one (production). */
export function ensureSecrets(): void {
  const missing = secretNames.filter((name) => !process.env[name]);
  if (missing.length === 0) return;
  if (process.env.NODE_ENV === 'production') {
    throw new AppError('config', {
      message: `Missing required environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. ` +
        'Set them before starting Mailroom in production (see README, "Configuration").',
    });
  }
  const generated = loadDevelopmentSecrets();
  for (const name of missing) process.env[name] = generated[name];
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
    encryptionKeysOld: (process.env.ENCRYPTION_KEYS_OLD ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    cronSecret: process.env.CRON_SECRET!,
  };
  return cached;
}
