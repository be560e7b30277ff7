import { and, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { organizations, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { AppError } from '../errors';
import { parseInput, roleSchema, uuidSchema } from '../validation';
import { claimOwnerlessMailboxes } from './claim-ownerless-mailboxes';
import { toPublicUser, type PublicUser } from './create-user';

/** Whether another active admin remains; callers hold the organization row lock so two demotions serialize. */
export async function otherActiveAdmins(db: DbOrTx, options: { orgId: string; userId: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        eq(users.orgId, options.orgId),
        eq(users.role, 'admin'),
        eq(users.active, true),
        ne(users.id, options.userId),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Admin ↔ employee. The last active admin cannot be demoted: the organization would have nobody to manage
 * its plan, users and mailboxes. The organization row is locked first, so two admins demoting each other at
 * the same moment cannot both succeed.
 */
export async function changeUserRole(
  db: DbOrTx,
  options: { actor: Actor; userId: string; role: string },
): Promise<PublicUser> {
  const userId = parseInput(uuidSchema, options.userId);
  const role = parseInput(roleSchema, options.role);
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ orgId: users.orgId }).from(users).where(eq(users.id, userId));
    if (!target) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
    assertOrgAdmin(options.actor, target.orgId);
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, target.orgId))
      .for('update');
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (user!.role === role) return toPublicUser(user!);
    if (
      role === 'employee' &&
      user!.active &&
      (await otherActiveAdmins(tx, { orgId: user!.orgId, userId: user!.id })) === 0
    ) {
      throw new AppError('conflict', {
        problem: { key: 'users.lastAdmin' },
      });
    }
    const [updated] = await tx
      .update(users)
      .set({ role, updatedAt: new Date() })
      .where(eq(users.id, user!.id))
      .returning();
    await writeAuditEntry(tx, {
      orgId: user!.orgId,
      actor: options.actor,
      action: 'user.role_changed',
      targetType: 'user',
      targetId: user!.id,
      data: { email: user!.email, from: user!.role, to: role },
    });
    if (role === 'admin' && updated!.active) await claimOwnerlessMailboxes(tx, { orgId: user!.orgId });
    return toPublicUser(updated!);
  });
}
