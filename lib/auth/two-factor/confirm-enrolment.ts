import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
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
    if (user.totpEnabledAt) throw new AppError('conflict', { userMessage: 'Two-factor sign-in is already on.' });
    if (!user.totpSecret) throw new AppError('conflict', { userMessage: 'Start the set-up first.' });
    const base32 = decryptTotpSecret(user.id, user.totpSecret);
    if (!(await checkTotpCode(tx, { userId: user.id, email: user.email, base32, code: options.code, now }))) {
      throw new AppError('validation', {
        userMessage: 'That code is not right. Check the time on your phone and enter the current code.',
        details: { fieldErrors: { code: 'That code is not right.' } },
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
