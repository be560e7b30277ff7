import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { assertStrongPassword } from '../auth/password-strength';
import { hashPassword, verifyPassword } from '../crypto/password';
import { AppError } from '../errors';
import { takeRateLimit } from '../rate-limit';
import { fieldError, parseInput, uuidSchema } from '../validation';
import { replacePassword } from './replace-password';

/** Tries at the current password per user: a browser left signed in must not become a guessing machine. */
export const PASSWORD_CHANGE_LIMIT = { limit: 5, windowMs: 15 * 60 * 1000 };

const refuse = (field: string, key: string) => fieldError(field, { key });

/**
 * A user replaces their own password, from the session `sessionId`, which stays signed in; every other
 * session of theirs ends. The current password is asked for and each try is counted first, under the per-user
 * rate limit, so parallel guesses get no more than the limit. After an admin's temporary password
 * (users.must_change_password) the user has just signed in with it, so it is not asked again; the new one must
 * differ from it. Either way the flag is cleared and the change is audited.
 */
export async function changeOwnPassword(
  db: DbOrTx,
  options: {
    userId: string;
    sessionId: string;
    currentPassword?: string;
    newPassword: string;
    actor: Actor;
    now?: Date;
  },
): Promise<{ sessionsEnded: number }> {
  const userId = parseInput(uuidSchema, options.userId);
  // Only the user themself: an admin sets a temporary password instead (set-temporary-password.ts).
  if (options.actor.kind !== 'user' || options.actor.userId !== userId)
    throw new AppError('not_found', { message: `Password change of ${userId} by someone else` });
  const now = options.now ?? new Date();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
  const forced = user.mustChangePassword;

  if (!forced) {
    await takeRateLimit(db, {
      key: `password-change:${user.id}`,
      ...PASSWORD_CHANGE_LIMIT,
      now,
      problem: { key: 'users.passwordChangeRateLimited', values: { minutes: PASSWORD_CHANGE_LIMIT.windowMs / 60_000 } },
    });
    if (!(await verifyPassword(user.passwordHash, options.currentPassword ?? '')))
      throw refuse('currentPassword', 'users.currentPasswordWrong');
  }
  assertStrongPassword(options.newPassword, { email: user.email, name: user.name }, 'newPassword');
  if (await verifyPassword(user.passwordHash, options.newPassword)) {
    throw refuse('newPassword', forced ? 'users.passwordStillTemporary' : 'users.passwordUnchanged');
  }
  const passwordHash = await hashPassword(options.newPassword);

  return db.transaction(async (tx) => {
    const sessionsEnded = await replacePassword(tx, { user, passwordHash, now, keepSessionId: options.sessionId });
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.password_changed',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email, sessionsEnded, forced },
    });
    return { sessionsEnded };
  });
}
