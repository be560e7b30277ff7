import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { assertStrongPassword } from '../auth/password-strength';
import { hashPassword } from '../crypto/password';
import { AppError } from '../errors';
import { parseInput, uuidSchema } from '../validation';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { replacePassword } from './replace-password';

/**
 * An operator (the CLI) or an admin of the organization sets a user's password directly, e.g. for an admin
 * locked out while Mailroom has no system mail for a reset link. The password must pass the strength rule for
 * that user. In one transaction: the password is replaced, every session of the user ended (whoever knew the
 * old one is out), the strangers' sign-in failures of the address cleared and open reset or invitation links voided.
 */
export async function setUserPassword(
  db: DbOrTx,
  options: { userId: string; password: string; actor: Actor; now?: Date },
): Promise<{ email: string; sessionsEnded: number }> {
  const userId = parseInput(uuidSchema, options.userId);
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
  assertOrgAdmin(options.actor, user.orgId);
  assertStrongPassword(options.password, { email: user.email, name: user.name });
  const passwordHash = await hashPassword(options.password);
  const now = options.now ?? new Date();

  return db.transaction(async (tx) => {
    const sessionsEnded = await replacePassword(tx, { user, passwordHash, now });
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email, sessionsEnded, direct: true },
    });
    return { email: user.email, sessionsEnded };
  });
}
