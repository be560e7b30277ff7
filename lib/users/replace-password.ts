import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions, users } from '@/db/schema';
import { voidAccountTokens } from '../auth/account-tokens';
import { clearSignInFailures } from '../auth/sign-in-throttle';

/**
 * What every new password brings, in the caller's transaction (a reset or invitation link, or an admin or the
 * CLI setting it): the hash replaced, every session of the user ended (whoever knew the old password is out),
 * the sign-in failures of the address cleared and every open link of the user voided. Returns how many
 * sessions ended, for the audit entry the caller writes.
 */
export async function replacePassword(
  tx: DbOrTx,
  options: { user: { id: string; email: string }; passwordHash: string; now: Date },
): Promise<number> {
  await tx
    .update(users)
    .set({ passwordHash: options.passwordHash, updatedAt: options.now })
    .where(eq(users.id, options.user.id));
  const ended = await tx
    .delete(authSessions)
    .where(eq(authSessions.userId, options.user.id))
    .returning({ idHash: authSessions.idHash });
  await clearSignInFailures(tx, { email: options.user.email });
  await voidAccountTokens(tx, { userId: options.user.id });
  return ended.length;
}
