import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { getEnv } from '../env';
import { AppError } from '../errors';

// Envelope: v1.<key id>.<iv>.<tag>.<ciphertext>, base64url parts. The key id lets old ciphertexts be read
// after ENCRYPTION_KEY is rotated (old keys go to ENCRYPTION_KEYS_OLD) and tells which rows to re-encrypt.
// The caller passes associated data (e.g. "mailbox:<id>:credentials") so a ciphertext copied to another
// row fails to decrypt instead of leaking that row's secret.
const VERSION = 'v1';

export type Keyring = { currentId: string; keys: Map<string, Buffer> };

function decodeKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new AppError('config', {
      message: 'ENCRYPTION_KEY must be 32 bytes, base64 or hex encoded (openssl rand -base64 32).',
    });
  }
  return key;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('mailroom-key-id:').update(key).digest('base64url').slice(0, 8);
}

export function createKeyring(current: string, old: string[] = []): Keyring {
  const keys = new Map<string, Buffer>();
  const currentKey = decodeKey(current);
  const currentId = keyIdOf(currentKey);
  keys.set(currentId, currentKey);
  for (const value of old) {
    const key = decodeKey(value);
    keys.set(keyIdOf(key), key);
  }
  return { currentId, keys };
}

let defaultKeyring: Keyring | undefined;
function envKeyring(): Keyring {
  const env = getEnv();
  defaultKeyring ??= createKeyring(env.encryptionKey, env.encryptionKeysOld);
  return defaultKeyring;
}

// What a secret is, from its associated data, so people read which one cannot be opened.
/** Which secret it is, for the catalogue's sentence (crypto.foreignKey chooses its words by it). */
function secretKind(associatedData: string): 'mailbox' | 'totp' | 'other' {
  if (associatedData.startsWith('mailbox:')) return 'mailbox';
  if (associatedData.includes('totp')) return 'totp';
  return 'other';
}

/**
 * Raised when a secret was encrypted with a key this server has neither as ENCRYPTION_KEY nor in
 * ENCRYPTION_KEYS_OLD (typically: written by a process with other secrets). It names the key id, and is shown
 * where the secret is used (on the mailbox), because "not configured correctly" would not say what to fix.
 */
function foreignKeyError(keyId: string, associatedData: string, keyring: Keyring): AppError {
  return new AppError('config', {
    message: `Secret was encrypted with key ${keyId}, which is neither ENCRYPTION_KEY (key ${keyring.currentId}) nor in ENCRYPTION_KEYS_OLD`,
    problem: { key: 'crypto.foreignKey', values: { secret: secretKind(associatedData), keyId } },
    details: { keyId, currentKeyId: keyring.currentId },
  });
}

/** Whether decrypting failed only because this server lacks the key (so, e.g., a new password may replace it). */
export function isForeignKeyError(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'config' && typeof error.details?.keyId === 'string';
}

export function encryptSecret(plaintext: string, associatedData: string, keyring: Keyring = envKeyring()): string {
  const key = keyring.keys.get(keyring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
  return [VERSION, keyring.currentId, ...parts].join('.');
}

export function decryptSecret(envelope: string, associatedData: string, keyring: Keyring = envKeyring()): string {
  const [version, keyId, iv, tag, ciphertext] = envelope.split('.');
  if (version !== VERSION || !keyId || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new AppError('internal', { message: 'Unrecognised secret envelope' });
  }
  const key = keyring.keys.get(keyId);
  if (!key) throw foreignKeyError(keyId, associatedData, keyring);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new AppError('internal', {
      message: 'Secret failed authentication (tampered, or wrong associated data)',
      cause,
    });
  }
}

/** True when the envelope was made with a key other than the current one and should be re-encrypted. */
export function needsReencryption(envelope: string, keyring: Keyring = envKeyring()): boolean {
  return envelope.split('.')[1] !== keyring.currentId;
}
