import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, organizations, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { AppError } from '../errors';
import { OWNER_DEPARTED_REASON } from '../mail/mailboxes/owner-departure';
import { getEffectivePlan } from '../plans/effective-plan';
import { countActiveMailboxesOf } from '../plans/guards';
import { parseInput, uuidSchema } from '../validation';
import { claimOwnerlessMailboxes } from './claim-ownerless-mailboxes';
import { toPublicUser, type PublicUser } from './create-user';

/**
 * Lets a deactivated user sign in again (their old sessions stay ended). Mailboxes that stopped because they
 * had left come back, oldest first, up to the plan's per-employee limit; the rest stay disabled for the plan.
 */
export async function reactivateUser(
  db: DbOrTx,
  options: { actor: Actor; userId: string; now?: Date },
): Promise<PublicUser> {
  const userId = parseInput(uuidSchema, options.userId);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
    assertOrgAdmin(options.actor, user.orgId);
    if (user.active) return toPublicUser(user);
    const [updated] = await tx
      .update(users)
      .set({ active: true, deactivatedAt: null, updatedAt: now })
      .where(eq(users.id, user.id))
      .returning();

    const [org] = await tx.select().from(organizations).where(eq(organizations.id, user.orgId));
    let room = getEffectivePlan(org!, now).limits.mailboxesPerEmployee - (await countActiveMailboxesOf(tx, user.id));
    const stopped = await tx
      .select()
      .from(mailboxes)
      .where(
        and(
          eq(mailboxes.ownerUserId, user.id),
          eq(mailboxes.status, 'disabled'),
          eq(mailboxes.disabledReason, OWNER_DEPARTED_REASON),
        ),
      )
      .orderBy(asc(mailboxes.connectedAt));
    for (const mailbox of stopped) {
      const back = room > 0;
      if (back) room -= 1;
      await tx
        .update(mailboxes)
        .set(
          back
            ? { status: 'active', disabledReason: null, updatedAt: now }
            : { disabledReason: 'plan_limit', updatedAt: now },
        )
        .where(eq(mailboxes.id, mailbox.id));
    }
    await writeAuditEntry(tx, {
      orgId: user.orgId,
      actor: options.actor,
      action: 'user.reactivated',
      targetType: 'user',
      targetId: user.id,
      data: { email: user.email },
    });
    if (user.role === 'admin') await claimOwnerlessMailboxes(tx, { orgId: user.orgId, now });
    return toPublicUser(updated!);
  });
}
