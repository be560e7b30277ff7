import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions, organizations, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { AppError } from '../errors';
import { parseInput, uuidSchema } from '../validation';
import { otherActiveAdmins } from './change-user-role';
import { toPublicUser, type PublicUser } from './create-user';

/**
 * Deactivates a user and ends all their sessions in the same transaction, so the next request they make is
 * already signed out. Their mailboxes are handled by the mailbox rules (SPEC §3), not here.
 */
export async function deactivateUser(
  db: DbOrTx,
  options: { userId: string; actor: Actor; now?: Date },
): Promise<PublicUser> {
  const userId = parseInput(uuidSchema, options.userId);
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ orgId: users.orgId }).from(users).where(eq(users.id, userId));
    if (!target) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
    assertOrgAdmin(options.actor, target.orgId);
    // The organization row first, then the user's, as role changes do: two admins deactivating or demoting
    // each other at once are serialised and cannot leave nobody in charge.
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, target.orgId))
      .for('update');
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user!.active) return toPublicUser(user!);
    if (user!.role === 'admin' && (await otherActiveAdmins(tx, { orgId: user!.orgId, userId: user!.id })) === 0) {
      throw new AppError('conflict', {
        problem: { key: 'users.lastAdmin' },
      });
    }

    const [updated] = await tx
      .update(users)
      .set({ active: false, deactivatedAt: options.now ?? new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    const ended = await tx
      .delete(authSessions)
      .where(eq(authSessions.userId, userId))
      .returning({ idHash: authSessions.idHash });
    await writeAuditEntry(tx, {
      orgId: target.orgId,
      actor: options.actor,
      action: 'user.deactivated',
      targetType: 'user',
      targetId: userId,
      data: { email: updated!.email, sessionsEnded: ended.length },
    });
    return toPublicUser(updated!);
  });
}
