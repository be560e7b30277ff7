import type { DbOrTx } from '@/db/client';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { assertCodeOrPassword, lockOwnAccount } from './own-account';
import { replaceRecoveryCodes } from './recovery-codes';

/** New recovery codes after a current code or the password; the old ones stop working. */
export async function regenerateRecoveryCodes(
  db: DbOrTx,
  options: { userId: string; actor: Actor; code?: string; password?: string; now?: Date },
): Promise<{ recoveryCodes: string[] }> {
  const now = options.now ?? new Date();
  const user = await lockOwnAccount(db, options);
  if (!user.totpEnabledAt) throw new AppError('conflict', { problem: { key: 'auth.twoFactorNotOn' } });
  await assertCodeOrPassword(db, user, { code: options.code, password: options.password, now });
  // The proof's rate-limit hit stays counted even when it fails, so only the replacement is one transaction.
  return db.transaction(async (tx) => {
    const locked = await lockOwnAccount(tx, options);
    if (!locked.totpEnabledAt) throw new AppError('conflict', { problem: { key: 'auth.twoFactorNotOn' } });
    return { recoveryCodes: await replaceRecoveryCodes(tx, { userId: locked.id, orgId: locked.orgId }) };
  });
}
