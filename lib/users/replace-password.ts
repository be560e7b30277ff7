import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions, users } from '@/db/schema';
import { voidAccountTokens } from '../auth/account-tokens';
import { hashSessionId } from '../auth/sessions';
import { clearSignInFailures } from '../auth/sign-in-throttle';

/**
 * What every new password brings, in the caller's transaction (a reset or invitation link, the user changing
 * it, or an admin or the CLI setting it): the hash replaced, every session of the user ended (whoever knew the
 * old password is out) except `keepSessionId`, the one of a user changing their own password in it, the
 * sign-in failures of the address cleared and every open link of the user voided. The password is temporary
 * (`mustChange`, an admin's) or the user's own: any other new password clears the forced-change flag.
 * Returns how many sessions ended, for the audit entry the caller writes.
 */
export async function replacePassword(
  tx: DbOrTx,
  options: {
    user: { id: string; email: string };
    passwordHash: string;
    now: Date;
    keepSessionId?: string;
    mustChange?: boolean;
  },
): Promise<number> {
  await tx
    .update(users)
    .set({
      passwordHash: options.passwordHash,
      mustChangePassword: options.mustChange ?? false,
      updatedAt: options.now,
    })
    .where(eq(users.id, options.user.id));
  const kept = options.keepSessionId ? ne(authSessions.idHash, hashSessionId(options.keepSessionId)) : undefined;
  const ended = await tx
    .delete(authSessions)
    .where(and(eq(authSessions.userId, options.user.id), kept))
    .returning({ idHash: authSessions.idHash });
  await clearSignInFailures(tx, { email: options.user.email });
  await voidAccountTokens(tx, { userId: options.user.id });
  return ended.length;
}
