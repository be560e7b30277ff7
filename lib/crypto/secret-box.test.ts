import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, decryptSecret, encryptSecret, isForeignKeyError, needsReencryption } from './secret-box';

const key = () => randomBytes(32).toString('base64');

describe('secret box (AES-256-GCM)', () => {
  const keyring = createKeyring(key());

  it('round-trips a secret and never stores it in clear', () => {
    const envelope = encryptSecret('imap password ü', 'mailbox:1', keyring);
    expect(envelope).not.toContain('imap password');
    expect(decryptSecret(envelope, 'mailbox:1', keyring)).toBe('imap password ü');
  });

  it('gives a different ciphertext each time (random IV)', () => {
    expect(encryptSecret('same', 'a', keyring)).not.toBe(encryptSecret('same', 'a', keyring));
  });

  it('refuses a ciphertext moved to another row (associated data differs)', () => {
    const envelope = encryptSecret('secret', 'mailbox:1', keyring);
    expect(() => decryptSecret(envelope, 'mailbox:2', keyring)).toThrow(/failed authentication/);
  });

  it('refuses a tampered ciphertext', () => {
    const parts = encryptSecret('secret', 'mailbox:1', keyring).split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => decryptSecret(parts.join('.'), 'mailbox:1', keyring)).toThrow(/failed authentication/);
  });

  it('reads secrets made with a retired key and flags them for re-encryption', () => {
    const oldKey = key();
    const before = createKeyring(oldKey);
    const envelope = encryptSecret('secret', 'x', before);
    const rotated = createKeyring(key(), [oldKey]);
    expect(decryptSecret(envelope, 'x', rotated)).toBe('secret');
    expect(needsReencryption(envelope, rotated)).toBe(true);
    expect(needsReencryption(encryptSecret('secret', 'x', rotated), rotated)).toBe(false);
  });

  it('names the key, for people too, when the key that made a secret is gone', () => {
    const made = createKeyring(key());
    const here = createKeyring(key());
    const envelope = encryptSecret('secret', 'mailbox:1:credentials', made);
    let error: unknown;
    try {
      decryptSecret(envelope, 'mailbox:1:credentials', here);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'config',
      message: expect.stringMatching(/neither ENCRYPTION_KEY .* nor in ENCRYPTION_KEYS_OLD/),
      userMessage: expect.stringContaining(
        `This mailbox's password is encrypted with key ${made.currentId}, which this server does not have.`,
      ),
      details: { keyId: made.currentId, currentKeyId: here.currentId },
    });
    expect(isForeignKeyError(error)).toBe(true);
    // Tampering is another failure, not a missing key.
    expect(isForeignKeyError(new Error('x'))).toBe(false);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createKeyring(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(createKeyring(randomBytes(32).toString('hex')).keys.size).toBe(1);
  });
});
