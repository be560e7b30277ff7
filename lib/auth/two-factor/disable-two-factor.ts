import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { recoveryCodes, users } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { writeAuditEntry } from '../../audit/write-audit-entry';
import { AppError } from '../../errors';
import { assertCodeOrPassword, lockOwnAccount } from './own-account';

/**
 * Turns two-factor off after a current code or the password; the secret and recovery codes are deleted. In an
 * organization that requires two-factor the user is then sent to set it up again, which is how a new phone
 * is enrolled.
 */
export async function disableTwoFactor(
  db: DbOrTx,
  options: { userId: string; actor: Actor; code?: string; password?: string; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  // The proof's rate-limit hit stays counted even when the proof fails, so it is taken outside the change.
  const user = await lockOwnAccount(db, options);
  if (!user.totpEnabledAt) throw new AppError('conflict', { problem: { key: 'auth.twoFactorNotOn' } });
  await assertCodeOrPassword(db, user, { code: options.code, password: options.password, now });
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, updatedAt: now }).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.two_factor_disabled',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email },
    });
  });
}
