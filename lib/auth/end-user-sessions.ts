import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { AppError } from '../errors';
import { parseInput, uuidSchema } from '../validation';

/**
 * Signs a user out everywhere: every session of theirs ends, so their next request on any device is signed
 * out. Allowed to an admin of the user's organization (another organization's user is "not found") and to
 * the user themself. Returns how many sessions ended; the audit entry records it.
 */
export async function endUserSessions(db: DbOrTx, options: { userId: string; actor: Actor }): Promise<number> {
  const userId = parseInput(uuidSchema, options.userId);
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ orgId: users.orgId, email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
    const self = options.actor.kind === 'user' && options.actor.userId === userId;
    if (!self) assertOrgAdmin(options.actor, user.orgId);
    const ended = await tx
      .delete(authSessions)
      .where(eq(authSessions.userId, userId))
      .returning({ idHash: authSessions.idHash });
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.sessions_ended',
      targetType: 'user',
      targetId: userId,
      data: { email: user.email, sessionsEnded: ended.length },
    });
    return ended.length;
  });
}
