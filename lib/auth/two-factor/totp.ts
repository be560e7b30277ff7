import { Secret, TOTP } from 'otpauth';
import type { DbOrTx } from '@/db/client';
import { decryptSecret, encryptSecret } from '../../crypto/secret-box';
import { isAppError } from '../../errors';
import { takeRateLimit } from '../../rate-limit';

// Shared by the two-factor operations: the TOTP parameters every authenticator app understands (SHA-1,
// 6 digits, 30 s), the secret's encryption in users.totp_secret, and checking a code once only.
export const TOTP_PERIOD_S = 30;
const ISSUER = 'Mailroom';

/** Bound to the user's row: a ciphertext copied onto another user fails to decrypt. */
const associatedData = (userId: string) => `user:${userId}:totp`;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function encryptTotpSecret(userId: string, base32: string): string {
  return encryptSecret(base32, associatedData(userId));
}

export function decryptTotpSecret(userId: string, envelope: string): string {
  return decryptSecret(envelope, associatedData(userId));
}

export function totpFor(base32: string, email: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: Secret.fromBase32(base32),
  });
}

/** Digits only: authenticator apps show codes as "123 456". */
export function normalizeTotpCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/**
 * Whether `code` is right for the time step before, at or after `now`, and that step was not used before. The
 * used step is recorded in rate_limit_hits (one per step, atomic), so a code seen over someone's shoulder
 * cannot be replayed, not even against another server process.
 */
export async function checkTotpCode(
  db: DbOrTx,
  options: { userId: string; email: string; base32: string; code: string; now: Date },
): Promise<boolean> {
  const token = normalizeTotpCode(options.code);
  if (!/^\d{6}$/.test(token)) return false;
  const delta = totpFor(options.base32, options.email).validate({ token, timestamp: options.now.getTime(), window: 1 });
  if (delta === null) return false;
  const step = Math.floor(options.now.getTime() / 1000 / TOTP_PERIOD_S) + delta;
  try {
    await takeRateLimit(db, {
      key: `totp-step:${options.userId}:${step}`,
      limit: 1,
      windowMs: 4 * TOTP_PERIOD_S * 1000,
      now: options.now,
    });
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'rate_limited') return false;
    throw error;
  }
}
