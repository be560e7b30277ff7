import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { englishProblem } from '../../i18n/problem';
import { lockOwnAccount } from './own-account';
import { replaceRecoveryCodes } from './recovery-codes';
import { checkTotpCode, decryptTotpSecret } from './totp';

/**
 * Turns two-factor on once the app produces a right code for the pending secret, and returns ten recovery
 * codes: the only time they are shown.
 */
export async function confirmTwoFactorEnrolment(
  db: DbOrTx,
  options: { userId: string; code: string; actor: Actor; now?: Date },
): Promise<{ recoveryCodes: string[] }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const user = await lockOwnAccount(tx, options);
    if (user.totpEnabledAt) throw new AppError('conflict', { problem: { key: 'auth.twoFactorAlreadyOn' } });
    if (!user.totpSecret) throw new AppError('conflict', { problem: { key: 'auth.twoFactorStartFirst' } });
    const base32 = decryptTotpSecret(user.id, user.totpSecret);
    if (!(await checkTotpCode(tx, { userId: user.id, email: user.email, base32, code: options.code, now }))) {
      // The form's alert says what to check; the field itself only that the code is wrong.
      const codeWrong = { key: 'auth.codeWrong' };
      throw new AppError('validation', {
        problem: { key: 'auth.enrolmentCodeWrong' },
        details: { fieldErrors: { code: englishProblem(codeWrong) }, fieldProblems: { code: codeWrong } },
      });
    }
    await tx.update(users).set({ totpEnabledAt: now, updatedAt: now }).where(eq(users.id, user.id));
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.two_factor_enabled',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email },
    });
    return { recoveryCodes: await replaceRecoveryCodes(tx, { userId: user.id, orgId: user.orgId }) };
  });
}
