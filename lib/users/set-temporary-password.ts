import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { checkPasswordStrength } from '../auth/password-strength';
import { hashPassword } from '../crypto/password';
import { AppError } from '../errors';
import { parseInput, uuidSchema } from '../validation';
import { generateTemporaryPassword } from './generate-temporary-password';
import { replacePassword } from './replace-password';

/**
 * An admin gives a user of their organization a temporary password, for someone locked out while Mailroom
 * sends no mail for a reset link. It is random, shown to the admin once and must be replaced at the next
 * sign-in (users.must_change_password): the admin never knows the password the user ends up with. As with
 * every new password, the user's sessions end and open links are voided. Users of another organization are
 * not_found; employees are refused; admins change their own password in their profile, with the current one.
 */
export async function setTemporaryPassword(
  db: DbOrTx,
  options: { userId: string; actor: Actor; now?: Date },
): Promise<{ email: string; password: string; sessionsEnded: number }> {
  const userId = parseInput(uuidSchema, options.userId);
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
  assertOrgAdmin(options.actor, user.orgId);
  if (options.actor.kind === 'user' && options.actor.userId === user.id) {
    throw new AppError('conflict', {
      problem: { key: 'users.changeOwnPasswordInProfile' },
    });
  }
  // 144 random bits pass the strength rule all but always; the rare one containing a piece of the user's
  // name or address is drawn again.
  let password = generateTemporaryPassword();
  while (!checkPasswordStrength(password, { email: user.email, name: user.name }).ok)
    password = generateTemporaryPassword();
  const passwordHash = await hashPassword(password);
  const now = options.now ?? new Date();

  return db.transaction(async (tx) => {
    const sessionsEnded = await replacePassword(tx, { user, passwordHash, now, mustChange: true });
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.temporary_password_set',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email, sessionsEnded },
    });
    return { email: user.email, password, sessionsEnded };
  });
}
