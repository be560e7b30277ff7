import type { User } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import { AppError } from '../../errors';
import { spendRecoveryCode } from './recovery-codes';
import { checkTotpCode, decryptTotpSecret } from './totp';

export type SecondFactor = { code?: string; recoveryCode?: string };

/** Thrown when the password was right and the account needs a code that was not sent: the form asks for it. */
export const twoFactorRequired = () =>
  new AppError('unauthenticated', {
    message: 'Two-factor code required',
    problem: { key: 'auth.codeRequired' },
    details: { twoFactor: 'required' },
  });

/**
 * The second step of a sign-in whose password was right. Users without two-factor pass. Otherwise a current
 * code (each time step once) or an unused recovery code (spent now) is needed; a wrong one is refused as
 * invalid_credentials, so the try reserved before the password check stays counted.
 */
export async function verifySignInSecondFactor(
  db: DbOrTx,
  options: { user: User; factor: SecondFactor; now: Date },
): Promise<void> {
  const { user, factor } = options;
  if (!user.totpEnabledAt || !user.totpSecret) return;
  const code = factor.code?.trim();
  const recoveryCode = factor.recoveryCode?.trim();
  if (!code && !recoveryCode) throw twoFactorRequired();
  const valid = code
    ? await checkTotpCode(db, {
        userId: user.id,
        email: user.email,
        base32: decryptTotpSecret(user.id, user.totpSecret),
        code,
        now: options.now,
      })
    : await spendRecoveryCode(db, { userId: user.id, code: recoveryCode!, now: options.now });
  if (!valid) {
    throw new AppError('invalid_credentials', {
      message: `Wrong second factor for ${user.id}`,
      problem: { key: code ? 'auth.codeWrong' : 'auth.recoveryCodeWrong' },
      details: { twoFactor: code ? 'invalid_code' : 'invalid_recovery_code' },
    });
  }
}
