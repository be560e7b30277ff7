import { and, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authSessions, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { AppError } from '../errors';
import { parseInput, uuidSchema } from '../validation';
import { toPublicUser, type PublicUser } from './create-user';

/**
 * Deactivates a user and ends all their sessions in the same transaction, so the next request they make is
 * already signed out. Their mailboxes are handled by the mailbox rules (SPEC §3), not here.
 */
export async function deactivateUser(db: DbOrTx, options: { userId: string; actor: Actor; now?: Date }): Promise<PublicUser> {
  const userId = parseInput(uuidSchema, options.userId);
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw new AppError('not_found', { userMessage: 'No user with that id.' });
    assertOrgAdmin(options.actor, user.orgId);
    if (!user.active) return toPublicUser(user);

    if (user.role === 'admin') {
      const [{ otherAdmins }] = (await tx
        .select({ otherAdmins: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.orgId, user.orgId), eq(users.role, 'admin'), eq(users.active, true), ne(users.id, user.id)))) as [
        { otherAdmins: number },
      ];
      if (otherAdmins === 0) {
        throw new AppError('conflict', { userMessage: 'This is the last active administrator; make someone else an administrator first.' });
      }
    }

    const [updated] = await tx
      .update(users)
      .set({ active: false, deactivatedAt: options.now ?? new Date(), updatedAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    const ended = await tx.delete(authSessions).where(eq(authSessions.userId, user.id)).returning({ idHash: authSessions.idHash });
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.deactivated',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email, sessionsEnded: ended.length },
    });
    return toPublicUser(updated!);
  });
}
